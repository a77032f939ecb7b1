package awssim

import (
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// Principal resolves a simulate-principal-policy request against a world
// (a scenario, or an account imported with package importer): the policies
// of the user (with its groups'), group or role PolicySourceArn names, its
// permissions boundary, the SCPs of its account's path in the organization,
// then PolicyInputList and PermissionsBoundaryPolicyInputList as for
// simulate-custom-policy.
func Principal(r *Request, w *world.World) (*Simulation, error) {
	arn := r.PolicySourceArn
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" || p[2] != "iam" {
		return nil, &Error{Field: "PolicySourceArn", Msg: "must be the ARN of an IAM user, group or role, such as arn:aws:iam::111122223333:user/alice"}
	}
	var acct *world.Account
	for _, a := range w.Accounts {
		if a.ID == p[4] {
			acct = a
		}
	}
	if acct == nil {
		return nil, &Error{Field: "PolicySourceArn", Msg: "account " + p[4] + " is not in the world"}
	}
	kind, rest, _ := strings.Cut(p[5], "/")
	name := rest[strings.LastIndexByte(rest, '/')+1:]
	custom, err := Custom(&Request{PolicyInputList: r.PolicyInputList, PermissionsBoundaryPolicyInputList: r.PermissionsBoundaryPolicyInputList, ActionNames: r.ActionNames})
	if err != nil {
		return nil, err
	}
	s := &Simulation{Caller: r.CallerArn, Resource: r.ResourcePolicy}
	var boundary *world.ManagedPolicy
	switch kind {
	case "user":
		u := acct.User(name)
		if u == nil {
			return nil, &Error{Field: "PolicySourceArn", Msg: "user " + name + " is not in account " + acct.Label()}
		}
		s.addInline(u.Inline, "user")
		s.addManaged(u.Managed)
		for _, g := range u.Groups {
			s.addInline(g.Inline, "group")
			s.addManaged(g.Managed)
		}
		boundary = u.Boundary
		if s.Caller == "" {
			s.Caller = u.ARN()
		}
	case "role":
		ro := acct.Role(name)
		if ro == nil {
			return nil, &Error{Field: "PolicySourceArn", Msg: "role " + name + " is not in account " + acct.Label()}
		}
		s.addInline(ro.Inline, "role")
		s.addManaged(ro.Managed)
		boundary = ro.Boundary
		if s.Caller == "" {
			s.Caller = ro.ARN()
		}
	case "group":
		g := acct.Group(name)
		if g == nil {
			return nil, &Error{Field: "PolicySourceArn", Msg: "group " + name + " is not in account " + acct.Label()}
		}
		s.addInline(g.Inline, "group")
		s.addManaged(g.Managed)
		if s.Caller == "" {
			s.Caller = "arn:aws:iam::" + acct.ID + ":user/simulated-member-of-" + g.Name
		}
	default:
		return nil, &Error{Field: "PolicySourceArn", Msg: "names a " + kind + "; simulate-principal-policy takes a user, group or role"}
	}
	s.Identity = append(s.Identity, custom.Identity...)
	s.Boundary = custom.Boundary
	if boundary != nil && s.Boundary == nil {
		s.Boundary = named(boundary.Policy, boundary.Name, managedType(boundary))
	}
	s.SCP = scpLevels(w, acct)
	return s, nil
}

func named(p *policy.Policy, id, typ string) *Source {
	cp := *p
	cp.Name = id
	return &Source{&cp, id, typ}
}

func (s *Simulation) addInline(l []*world.InlinePolicy, typ string) {
	for _, ip := range l {
		s.Identity = append(s.Identity, *named(ip.Policy, ip.Name, typ))
	}
}

func (s *Simulation) addManaged(l []*world.ManagedPolicy) {
	for _, m := range l {
		s.Identity = append(s.Identity, *named(m.Policy, m.Name, managedType(m)))
	}
}

func managedType(m *world.ManagedPolicy) string {
	if m.AWS {
		return "aws-managed"
	}
	return "user-managed"
}

// scpLevels lists the SCPs along the account's path, root first; none for
// an account outside an organization or its management account, which
// SCPs do not restrict.
func scpLevels(w *world.World, a *world.Account) [][]*policy.Policy {
	if w.Org == nil || a.Node == nil || w.Org.ManagementAccount == a.ID {
		return nil
	}
	var levels [][]*policy.Policy
	for _, n := range a.Node.Path() {
		var l []*policy.Policy
		for _, op := range n.SCPs {
			l = append(l, op.Policy)
		}
		levels = append(levels, l)
	}
	return levels
}
