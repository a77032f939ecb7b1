package engine

import (
	"github.com/iamplayground/iamplay/engine/internal/match"
	"github.com/iamplayground/iamplay/engine/policy"
)

// The statement-level rules every policy type shares: a statement applies
// when its Principal (for resource-based policies), Action, Resource and
// every Condition match the request (IAM User Guide, "IAM JSON policy
// element reference").

// policy evaluates every statement of one policy, into v. It reads them
// through the policy's table when it has one (row.go): most statements are
// then rejected without being read.
func (e *evaluator) policy(p *policy.Policy, v *verdict) {
	*v = verdict{}
	e.tr.policy(p)
	r := row{table: tableOf(p)}
	for i, s := range p.Statements {
		r.next(i, s)
		matched, grant := e.statement(p, s, &r)
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
}

// statement reports whether the statement s, read through r, applies to
// the request.
func (e *evaluator) statement(p *policy.Policy, s *policy.Statement, r *row) (bool, grantKind) {
	if e.tr == nil {
		// Untraced: test the cheapest, most selective element first and stop
		// at the first that fails.
		if !e.action(s, r) || !e.resource(p, s, r) {
			return false, grantNone
		}
		grant := grantNone
		if r.hasPrincipal(s) {
			if grant = e.principal(p, s); grant == grantNone {
				return false, grantNone
			}
		}
		return e.conditions(p, s), grant
	}
	e.tr.statement(p, r.index, r.sidLen(s))
	ok := true
	grant := grantNone
	if r.hasPrincipal(s) {
		grant = e.principal(p, s)
		ok = grant != grantNone
	}
	ok = e.action(s, r) && ok
	ok = e.resource(p, s, r) && ok
	if ok {
		ok = e.conditions(p, s)
	} else {
		// The statement does not apply whatever its conditions say: they
		// are recorded untested, and tested only if the trace shows them.
		e.untested(s, r)
	}
	e.tr.statementResult(ok, r.index)
	return ok, grant
}

func (e *evaluator) action(s *policy.Statement, r *row) bool {
	a := e.req.ActionLower
	hit := -1
	if r.Row != nil {
		fs := r.actions()
		for i := range fs {
			if v := fs[i].Test(a); v == match.Yes || v == match.Maybe && s.Actions.Items[i].Pattern.Match(a) {
				hit = i
				break
			}
		}
	} else {
		for i := range s.Actions.Items {
			if s.Actions.Items[i].Pattern.Match(a) {
				hit = i
				break
			}
		}
	}
	ok := (hit >= 0) != r.notAction(s)
	e.tr.action(r.index, hit, ok)
	return ok
}

func (e *evaluator) resource(p *policy.Policy, s *policy.Statement, r *row) bool {
	res := e.req.Resource
	if r.Row != nil {
		// The row decides unless a pattern holds variables or the
		// resource is "*", which only a "*" pattern matches: a first
		// pattern "*" matches before either matters.
		if r.Flags&policy.RowNoResource != 0 {
			return true // trust policies: the role is the resource
		}
		if r.Flags&policy.RowAnyResource != 0 || r.Flags&policy.RowResourceVars == 0 && res != "*" {
			hit := -1
			if r.Flags&policy.RowAnyResource != 0 {
				hit = 0 // "*" matches every resource, "*" too
			} else {
				fs := r.resources()
				for i := range fs {
					if v := fs[i].Test(res); v == match.Yes || v == match.Maybe && s.Resources.Items[i].Pattern.Match(res) {
						hit = i
						break
					}
				}
			}
			ok := (hit >= 0) != (r.Flags&policy.RowNotResource != 0)
			if e.tr != nil {
				var f evFlags
				if r.Flags&policy.RowResourceVars != 0 {
					f = fVars // a later pattern's variables: the key report lists them
				}
				e.tr.resource(r.index, hit, ok, f)
			}
			return ok
		}
	}
	if s.Resources == nil {
		return true // trust policies: the role is the resource
	}
	hit := -1
	unresolved := false
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
	if e.tr != nil {
		var f evFlags
		for _, it := range s.Resources.Items {
			if it.Tmpl != nil {
				f = fVars
			}
		}
		e.tr.resource(r.index, hit, ok, f)
	}
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

// untested records the conditions of a statement that does not apply for
// another reason, without testing them.
func (e *evaluator) untested(s *policy.Statement, r *row) {
	if r.Row == nil || r.Flags&policy.RowConditionVars != 0 {
		e.tr.untested(s, e.req)
		return
	}
	for i, k := range r.keys() {
		vals, present := e.tr.lookupKey(e.req, r.table, k)
		e.tr.conditionAt(i, false, vals, present, fUntested, 0)
	}
}
