package importer

import (
	"errors"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

// organization reads an Organizations dump into the world's organization.
func (b *builder) organization(d *orgDump) error {
	if b.org != nil {
		return errors.New("a second Organizations dump: give one")
	}
	if d.Organization == nil || len(d.Roots) != 1 {
		return errors.New("an Organizations dump needs the Organization (aws organizations describe-organization) and its one root (list-roots)")
	}
	o := &orgOut{ID: d.Organization.Id, ManagementAccount: d.Organization.ManagementAccountId}
	if o.ManagementAccount == "" {
		o.ManagementAccount = d.Organization.MasterAccountId
	}
	root := &nodeOut{ID: d.Roots[0].Id, SCPs: []string{}}
	nodes := map[string]*nodeOut{root.ID: root}
	// OUs may be listed in any order: place each once its parent is placed.
	pending := d.OrganizationalUnits
	for len(pending) > 0 {
		var next = pending[:0:0]
		for _, ou := range pending {
			parent := nodes[ou.ParentId]
			if parent == nil {
				next = append(next, ou)
				continue
			}
			n := &nodeOut{Name: ou.Name, ID: ou.Id, SCPs: []string{}}
			parent.OUs = append(parent.OUs, n)
			nodes[ou.Id] = n
		}
		if len(next) == len(pending) {
			return errors.New("OU " + next[0].Id + " has parent " + next[0].ParentId + ", which is neither the root nor a listed OU")
		}
		pending = next
	}
	for _, ac := range d.Accounts {
		parent := nodes[ac.ParentId]
		if parent == nil {
			return errors.New("account " + ac.Id + " has parent " + ac.ParentId + ", which is neither the root nor a listed OU")
		}
		if !policy.IsAccountID(ac.Id) {
			return errors.New("account id " + ac.Id + " is not 12 digits")
		}
		parent.Accounts = append(parent.Accounts, ac.Id)
		a := b.account(ac.Id)
		a.Name = ac.Name
		a.SCPs, a.hasSCPs = []string{}, true
	}
	if err := b.orgPolicies(d, o, nodes); err != nil {
		return err
	}
	for id, n := range nodes {
		if len(n.SCPs) == 0 {
			b.warnf("%s has no SCP attached in the dump (AWS requires one): nothing is allowed below it here", strings.TrimSpace(n.Name+" "+id))
		}
	}
	o.Root = root
	b.org = o
	return nil
}

// orgPolicies declares the organization's SCPs and RCPs and attaches them
// to their targets: the root, OUs and accounts.
func (b *builder) orgPolicies(d *orgDump, o *orgOut, nodes map[string]*nodeOut) error {
	names := map[string]bool{}
	for _, p := range d.Policies {
		ps := p.PolicySummary
		var typ, builtin string
		switch ps.Type {
		case "SERVICE_CONTROL_POLICY":
			typ, builtin = "scp", "FullAWSAccess"
		case "RESOURCE_CONTROL_POLICY":
			typ, builtin = "rcp", "RCPFullAWSAccess"
		default:
			continue // tag, backup, AI opt-out … policies do not decide access
		}
		name := ps.Name
		if ps.AwsManaged && name == builtin {
			if typ == "rcp" {
				continue // attached everywhere and implied by the world
			}
		} else {
			doc, err := document(p.Content)
			if err != nil {
				return errors.New("policy " + ps.Id + " (" + ps.Name + "): " + err.Error())
			}
			if names[name] || name == "FullAWSAccess" || name == "RCPFullAWSAccess" {
				name += " (" + ps.Id + ")"
			}
			names[name] = true
			o.Policies = append(o.Policies, &orgPolicyOut{Name: name, Type: typ, Document: doc})
			b.stats.OrgPolicies++
		}
		for _, t := range p.Targets {
			switch {
			case nodes[t.TargetId] != nil:
				n := nodes[t.TargetId]
				if typ == "scp" {
					n.SCPs = append(n.SCPs, name)
				} else {
					n.RCPs = append(n.RCPs, name)
				}
			case policy.IsAccountID(t.TargetId):
				a := b.account(t.TargetId)
				if typ == "scp" {
					a.SCPs = append(a.SCPs, name)
				} else {
					a.RCPs = append(a.RCPs, name)
				}
			default:
				b.warnf("policy %s targets %s, which is not in the dump: left out there", ps.Name, t.TargetId)
			}
		}
	}
	return nil
}
