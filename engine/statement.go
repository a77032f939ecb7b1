package engine

import (
	"github.com/iamplayground/iamplay/engine/internal/match"
	"github.com/iamplayground/iamplay/engine/policy"
)

// The statement-level rules every policy type shares: a statement applies
// when its Principal (for resource-based policies), Action, Resource and
// every Condition match the request (IAM User Guide, "IAM JSON policy
// element reference").

// policy evaluates every statement of one policy.
func (e *evaluator) policy(p *policy.Policy) verdict {
	var v verdict
	e.tr.policy(p)
	for _, s := range p.Statements {
		matched, grant := e.statement(p, s)
		if !matched {
			continue
		}
		if grant == grantAnyone && namesPrincipalArn(s) {
			grant = grantDirect
		}
		if s.Effect == policy.Deny {
			if !v.deny.Valid() {
				v.deny = Ref{Policy: p, Statement: s}
			}
		} else if !v.allow.Valid() || grant.rank() < v.grant.rank() {
			// Keep the least limited grant (a direct grant beats a role grant).
			v.allow = Ref{Policy: p, Statement: s}
			v.grant = grant
		}
	}
	e.tr.policyResult(v)
	return v
}

// statement reports whether the statement applies to the request.
func (e *evaluator) statement(p *policy.Policy, s *policy.Statement) (bool, grantKind) {
	if e.tr == nil {
		// Untraced: test the cheapest, most selective element first and stop
		// at the first that fails.
		if !e.action(s) || !e.resource(p, s) {
			return false, grantNone
		}
		grant := grantNone
		if s.Principal != nil {
			if grant = e.principal(p, s); grant == grantNone {
				return false, grantNone
			}
		}
		return e.conditions(p, s), grant
	}
	e.tr.statement(p, s)
	ok := true
	grant := grantNone
	if s.Principal != nil {
		grant = e.principal(p, s)
		ok = grant != grantNone
	}
	ok = e.action(s) && ok
	ok = e.resource(p, s) && ok
	if ok {
		ok = e.conditions(p, s)
	} else {
		// The statement does not apply whatever its conditions say: they
		// are recorded untested, and tested only if the trace shows them.
		e.tr.untested(s, e.req)
	}
	e.tr.statementResult(ok, s)
	return ok, grant
}

func (e *evaluator) action(s *policy.Statement) bool {
	a := e.req.ActionLower
	hit := -1
	for i := range s.Actions.Items {
		if s.Actions.Items[i].Pattern.Match(a) {
			hit = i
			break
		}
	}
	ok := (hit >= 0) != s.Actions.Not
	e.tr.action(s, hit, ok)
	return ok
}

func (e *evaluator) resource(p *policy.Policy, s *policy.Statement) bool {
	if s.Resources == nil {
		return true // trust policies: the role is the resource
	}
	hit := -1
	unresolved := false
	res := e.req.Resource
	for i := range s.Resources.Items {
		it := &s.Resources.Items[i]
		var m bool
		switch {
		case it.Any:
			m = true
		case it.Tmpl != nil:
			parts, ok := it.Tmpl.ExpandParts(e.req.Lookup)
			if !ok {
				unresolved = true
				continue
			}
			m = match.CompileARNParts(parts).Match(res)
		case res == "*":
			m = false
		default:
			m = it.Pattern.Match(res)
		}
		if m {
			hit = i
			break
		}
	}
	ok := (hit >= 0) != s.Resources.Not
	if s.Resources.Not && unresolved && hit < 0 {
		// A NotResource entry that could not be resolved cannot exclude anything.
		ok = true
	}
	e.tr.resource(p, s, hit, ok)
	return ok
}

func (e *evaluator) conditions(p *policy.Policy, s *policy.Statement) bool {
	all := true
	for i, c := range s.Conditions {
		vals, present := e.req.lookupLower(c.KeyLower)
		ok := c.Test.Eval(e.req, vals, present)
		e.tr.condition(s, i, ok, vals, present)
		if !ok {
			all = false
			if e.tr == nil {
				return false
			}
		}
	}
	return all
}

// principal decides whether a resource-based statement's Principal (or
