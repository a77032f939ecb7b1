package awssim

import (
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// defaultAccount is the account of the simulated caller when the request
// names none: AWS's documentation example account.
const defaultAccount = "123456789012"

// caller is the principal of one evaluation: CallerArn, or else a user of
// the resource's account, so that a simulation without a caller is judged
// within one account as AWS's simulator judges it.
func (s *Simulation) caller(owner, resource string) string {
	if s.Caller != "" {
		return s.Caller
	}
	acct := owner
	if acct == "" {
		if p := strings.Split(resource, ":"); len(p) >= 6 && policy.IsAccountID(p[4]) {
			acct = p[4]
		}
	}
	if acct == "" {
		acct = defaultAccount
	}
	return "arn:aws:iam::" + acct + ":user/simulated-caller"
}

// one evaluates one action on one resource.
func (s *Simulation) one(r *Request, action, resource string, resPols map[policy.Type]*policy.Policy) (ResourceSpecificResult, engine.Decision, error) {
	owner := ownerAccount(r.ResourceOwner)
	req := engine.Request{Principal: s.caller(owner, resource), Action: action, Resource: resource, ResourceOwner: owner, Context: r.Context()}
	prep, err := engine.Prepare(req)
	if err != nil {
		return ResourceSpecificResult{}, 0, &Error{Field: "ActionNames/ResourceArns/CallerArn", Msg: err.Error()}
	}
	pols := engine.Policies{SCP: s.SCP}
	names := map[string]Source{}
	for _, src := range s.Identity {
		pols.Identity = append(pols.Identity, src.Policy)
		names[src.Policy.Name] = src
	}
	if s.Boundary != nil {
		pols.Boundary = s.Boundary.Policy
		names[s.Boundary.Policy.Name] = *s.Boundary
	}
	if s.Resource != "" {
		typ := policy.Resource
		if engine.TrustGoverned(action, resource) {
			typ = policy.Trust
		}
		rp := resPols[typ]
		if rp == nil {
			var errs policy.ErrorList
			rp, errs = policy.Parse("ResourcePolicy", []byte(s.Resource), typ)
			if errs.HasErrors() {
				return ResourceSpecificResult{}, 0, errs
			}
			rp.Name = "ResourcePolicy"
			resPols[typ] = rp
		}
		pols.Resource = rp
		names[rp.Name] = Source{rp, "ResourcePolicy", "resource"}
	}
	res := engine.Evaluate(&pols, prep, engine.Options{Trace: true})
	rr := ResourceSpecificResult{EvalResourceName: resource, EvalResourceDecision: res.Decision.String(),
		MatchedStatements: matched(res, names), MissingContextValues: []string{}}
	keys := res.Trace.Keys()
	rr.MissingContextValues = append(rr.MissingContextValues, keys.Missing...)
	if s.Boundary != nil {
		rr.PermissionsBoundaryDecisionDetail = &PermissionsBoundaryDecisionDetail{
			AllowedByPermissionsBoundary: allowsAlone(engine.Policies{Identity: []*policy.Policy{allowAll}, Boundary: s.Boundary.Policy}, req)}
	}
	return rr, res.Decision, nil
}

// allowsAlone reports whether pols allow the request within the caller's
// own account, where one guardrail is tested with everything else allowed.
func allowsAlone(pols engine.Policies, req engine.Request) bool {
	p, _ := engine.ParsePrincipal(req.Principal)
	req.ResourceOwner = p.Account
	req.Resource = "*"
	prep, err := engine.Prepare(req)
	if err != nil {
		return false
	}
	return engine.Evaluate(&pols, prep, engine.Options{}).Decision == engine.Allowed
}

// organizationsAllow reports whether every SCP level allows the action.
func (s *Simulation) organizationsAllow(r *Request, action string, resources []string) bool {
	for _, res := range resources {
		req := engine.Request{Principal: s.caller(ownerAccount(r.ResourceOwner), res), Action: action, Resource: res, Context: r.Context()}
		if !allowsAlone(engine.Policies{Identity: []*policy.Policy{allowAll}, SCP: s.SCP}, req) {
			return false
		}
	}
	return true
}

// matched lists the statements that decided: the matching Deny statements
// of an explicit deny, the matching Allow statements of an allow, none for
// an implicit deny; only statements of the simulation's own policies (SCPs
// are reported in OrganizationsDecisionDetail).
func matched(res engine.Result, names map[string]Source) []Statement {
	out := []Statement{}
	effect := "Allow"
	switch res.Decision {
	case engine.ImplicitDeny:
		return out
	case engine.ExplicitDeny:
		effect = "Deny"
	}
	var walk func(n *engine.Node)
	walk = func(n *engine.Node) {
		if n.Kind == "statement" && n.Result == "match" && n.Effect == effect && n.Span != nil {
			if src, ok := names[n.Policy]; ok {
				st := Statement{SourcePolicyId: src.ID, SourcePolicyType: src.Type,
					StartPosition: Position{n.Span.Start.Line, n.Span.Start.Col},
					EndPosition:   endPosition(src.Policy, *n.Span)}
				out = appendNew(out, st)
			}
			return
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(res.Trace.Tree().Root())
	return out
}

// endPosition is the position of the span's last character.
func endPosition(p *policy.Policy, sp policy.Span) Position {
	if p.Source != nil && sp.End.Offset > sp.Start.Offset {
		e := p.Source.Pos(sp.End.Offset - 1)
		return Position{e.Line, e.Col}
	}
	return Position{sp.End.Line, sp.End.Col}
}
