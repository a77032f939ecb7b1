package engine

import (
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Trace is the recorded evaluation: a tree of what was checked, in AWS's
// evaluation order, with the source span of every item, plus the context
// keys the request had and the ones the policies wanted but did not get.
type Trace struct {
	Root  *Node `json:"root"`
	Keys  Keys  `json:"keys"`
	stack []*Node
	req   *Prepared
	used  map[string]string // lower-cased key → name as written in a policy
}

// Node is one item of the trace tree.
type Node struct {
	// Kind is one of: evaluation, stage, level, policy, statement,
	// principal, action, resource, condition, note, decision.
	Kind  string `json:"kind"`
	Label string `json:"label"`
	// Result is match / noMatch for elements and statements; allow, deny or
	// none for policies; pass / fail / notApplicable for stages.
	Result string `json:"result,omitempty"`
	// Stage names the flow-chart stage of a stage node.
	Stage string `json:"stage,omitempty"`
	// Policy is the name of the policy the span points into.
	Policy string       `json:"policy,omitempty"`
	Span   *policy.Span `json:"span,omitempty"`
	// Effect is "Allow" or "Deny" on statement nodes.
	Effect string `json:"effect,omitempty"`
	// Matched is the policy value that matched the request (action,
	// resource, principal), and Value the request's value.
	Matched string `json:"matched,omitempty"`
	Value   string `json:"value,omitempty"`
	Note    string `json:"note,omitempty"`
	// Condition holds the details of a condition node.
	Condition *CondDetail `json:"condition,omitempty"`
	Children  []*Node     `json:"children,omitempty"`
}

// CondDetail is what a condition test compared.
type CondDetail struct {
	Operator      string   `json:"operator"`
	Key           string   `json:"key"`
	Present       bool     `json:"present"`
	Origin        string   `json:"origin,omitempty"` // given or derived, when present
	RequestValues []string `json:"requestValues"`
	PolicyValues  []string `json:"policyValues"` // after variable substitution
}

// Keys reports the request context as evaluated.
type Keys struct {
	Given   []KeyValue `json:"given"`
	Derived []KeyValue `json:"derived"`
	// Missing lists keys the policies referred to that the request did not
	// supply and the engine could not derive.
	Missing []string `json:"missing"`
}

// KeyValue is one context key with its values.
type KeyValue struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	Note   string   `json:"note,omitempty"`
}

func newTrace(req *Prepared) *Trace {
	root := &Node{Kind: "evaluation", Label: req.Principal.ARN + " → " + req.Action + " on " + req.Resource}
	return &Trace{Root: root, stack: []*Node{root}, req: req, used: map[string]string{}}
}

func (t *Trace) top() *Node { return t.stack[len(t.stack)-1] }

func (t *Trace) push(n *Node) *Node {
	top := t.top()
	top.Children = append(top.Children, n)
	t.stack = append(t.stack, n)
	return n
}

func (t *Trace) add(n *Node) {
	top := t.top()
	top.Children = append(top.Children, n)
}

func (t *Trace) pop() {
	if t == nil || len(t.stack) <= 1 {
		return
	}
	t.stack = t.stack[:len(t.stack)-1]
}

func spanOf(sp policy.Span) *policy.Span {
	if !sp.Start.IsValid() {
		return nil
	}
	return &sp
}

func (t *Trace) stage(s Stage, label string) {
	if t == nil {
		return
	}
	t.push(&Node{Kind: "stage", Stage: s.String(), Label: label})
}

func (t *Trace) skipStage(s Stage, label, why string) {
	if t == nil {
		return
	}
	t.add(&Node{Kind: "stage", Stage: s.String(), Label: label, Result: "notApplicable", Note: why})
}

func (t *Trace) level(i, n int, kind string) {
	if t == nil {
		return
	}
	label := kind + " level " + strconv.Itoa(i+1)
	switch {
	case i == 0:
		label += " (organization root)"
	case i == n-1:
		label += " (the account)"
	default:
		label += " (organizational unit)"
	}
	t.push(&Node{Kind: "level", Label: label})
}

func (t *Trace) levelResult(allowed bool) {
	if t == nil {
		return
	}
	n := t.top()
	if allowed {
		n.Result = "allow"
	} else {
		n.Result = "none"
		n.Note = "no policy at this level allows the request: every level from the root down must allow it"
	}
}

func (t *Trace) note(msg string) {
	if t == nil {
		return
	}
	t.add(&Node{Kind: "note", Label: msg})
}

func (t *Trace) policy(p *policy.Policy) {
	if t == nil {
		return
	}
	t.push(&Node{Kind: "policy", Label: p.Name, Policy: p.Name, Span: spanOf(p.Span)})
}

func (t *Trace) policyResult(v verdict) {
	if t == nil {
		return
	}
	n := t.top()
	switch {
	case v.deny.Valid():
		n.Result = "deny"
	case v.allow.Valid():
		n.Result = "allow"
	default:
		n.Result = "none"
	}
	t.pop()
}

func (t *Trace) statement(p *policy.Policy, s *policy.Statement) {
	if t == nil {
		return
	}
	t.push(&Node{Kind: "statement", Label: s.Label(), Policy: p.Name, Span: spanOf(s.Span), Effect: s.Effect.String()})
}

func (t *Trace) statementResult(ok bool, s *policy.Statement) {
	if t == nil {
		return
	}
	n := t.top()
	if ok {
		n.Result = "match"
	} else {
		n.Result = "noMatch"
	}
	t.pop()
}

func result(ok bool) string {
	if ok {
		return "match"
	}
	return "noMatch"
}

func (t *Trace) action(s *policy.Statement, hit int, ok bool, action string) {
	if t == nil {
		return
	}
	el := "Action"
	if s.Actions.Not {
		el = "NotAction"
	}
	n := &Node{Kind: "action", Label: el, Result: result(ok), Value: action, Span: spanOf(s.Actions.Span), Policy: t.policyName()}
	if hit >= 0 {
		it := s.Actions.Items[hit]
		n.Matched = it.Text
		n.Span = spanOf(it.Span)
		if s.Actions.Not {
			n.Note = strconv.Quote(it.Text) + " is excluded by NotAction"
		} else {
			n.Note = strconv.Quote(it.Text) + " matches " + action + " (actions ignore case)"
		}
	} else if s.Actions.Not {
		n.Note = action + " is not among the excluded actions, so NotAction matches it"
	} else {
		n.Note = "no pattern matches " + action
	}
	t.add(n)
}

func (t *Trace) policyName() string {
	for i := len(t.stack) - 1; i >= 0; i-- {
		if t.stack[i].Kind == "policy" {
			return t.stack[i].Policy
		}
	}
	return ""
}

func (t *Trace) unresolved(it *policy.ResourcePattern) {
	if t == nil {
		return
	}
	for _, k := range it.Tmpl.Keys() {
		if _, ok := t.req.Lookup(k); !ok {
			t.use(k, k)
		}
	}
}

func (t *Trace) resource(p *policy.Policy, s *policy.Statement, hit int, ok bool) {
	if t == nil {
		return
	}
	el := "Resource"
	if s.Resources.Not {
		el = "NotResource"
	}
	res := t.req.Resource
	n := &Node{Kind: "resource", Label: el, Result: result(ok), Value: res, Span: spanOf(s.Resources.Span), Policy: p.Name}
	if hit >= 0 {
		it := s.Resources.Items[hit]
		n.Span = spanOf(it.Span)
		n.Matched = it.Text
		if it.Tmpl != nil {
			if exp, ok := it.Tmpl.Expand(t.req.Lookup); ok {
				n.Matched = exp
				n.Note = strconv.Quote(it.Text) + " becomes " + strconv.Quote(exp) + " after variable substitution and matches"
			}
		} else if s.Resources.Not {
			n.Note = strconv.Quote(it.Text) + " is excluded by NotResource"
		} else {
			n.Note = strconv.Quote(it.Text) + " matches (ARNs are case-sensitive)"
		}
	} else {
		var unresolved []string
		for _, it := range s.Resources.Items {
			if it.Tmpl == nil {
				continue
			}
			if _, ok := it.Tmpl.Expand(t.req.Lookup); !ok {
				unresolved = append(unresolved, it.Text)
			}
		}
		switch {
		case len(unresolved) > 0 && !s.Resources.Not:
			n.Note = "no pattern matches; " + strings.Join(unresolved, ", ") + " holds a policy variable whose key is not in the request, so it matches nothing"
		case s.Resources.Not:
			n.Note = "the resource is not among the excluded ones, so NotResource matches it"
		default:
			n.Note = "no pattern matches " + res
		}
	}
	t.add(n)
}

func (t *Trace) principal(p *policy.Policy, s *policy.Statement, hit int, ok bool, pr Principal) {
	if t == nil {
		return
	}
	el := "Principal"
	if s.Principal.Not {
		el = "NotPrincipal"
	}
	n := &Node{Kind: "principal", Label: el, Result: result(ok), Value: pr.ARN, Span: spanOf(s.Principal.Span), Policy: p.Name}
	if hit >= 0 && hit < len(s.Principal.Items) {
		it := s.Principal.Items[hit]
		n.Span = spanOf(it.Span)
		n.Matched = it.Text
	} else if s.Principal.Any {
		n.Matched = "*"
	}
	switch {
	case s.Principal.Not && ok:
		n.Note = "the requester is not listed, so NotPrincipal applies to it"
	case s.Principal.Not:
		n.Note = "the requester is listed, so NotPrincipal excludes it"
	case !ok:
		n.Note = "the statement does not name " + pr.ARN
	case n.Matched == "*":
		n.Note = "\"*\" names every principal, including anonymous ones"
	case hit >= 0 && strings.HasSuffix(n.Matched, ":root") || isDigits(n.Matched, 12):
		n.Note = "naming the account delegates to it: the account's own identity-based policies must also allow"
	case hit >= 0 && pr.Kind == KindRoleSession && strings.Contains(n.Matched, ":role/"):
		n.Note = "the role ARN covers every session of the role"
	}
	t.add(n)
}

func (t *Trace) use(lower, name string) {
	if _, ok := t.used[lower]; !ok {
		t.used[lower] = name
	}
}

func (t *Trace) condition(c *policy.Condition, vals []string, present bool, ex cond.Explanation) {
	if t == nil {
		return
	}
	t.use(c.KeyLower, c.Key.Text)
	d := &CondDetail{Operator: c.Operator.String(), Key: c.Key.Text, Present: present, RequestValues: vals, PolicyValues: ex.PolicyValues}
	if d.RequestValues == nil {
		d.RequestValues = []string{}
	}
	if d.PolicyValues == nil {
		d.PolicyValues = []string{}
	}
	if present {
		if e, ok := t.req.keys[c.KeyLower]; ok {
			d.Origin = e.origin.String()
		}
	}
	n := &Node{Kind: "condition", Label: c.Operator.String() + " " + c.Key.Text, Result: result(ex.Result),
		Span: spanOf(c.Span), Policy: t.policyName(), Note: ex.Note, Condition: d}
	t.add(n)
}

func (t *Trace) finish(r *Result) {
	t.stack = t.stack[:1]
	t.add(&Node{Kind: "decision", Label: r.Decision.String(), Result: r.Decision.String(), Note: r.Reason()})
	for _, k := range t.req.order {
		e := t.req.keys[k]
		kv := KeyValue{Key: e.name, Values: e.values, Note: e.note}
		if e.origin == Derived {
			t.Keys.Derived = append(t.Keys.Derived, kv)
		} else {
			t.Keys.Given = append(t.Keys.Given, kv)
		}
	}
	for lower, name := range t.used {
		if _, ok := t.req.keys[lower]; !ok {
			t.Keys.Missing = append(t.Keys.Missing, name)
		}
	}
	sortStrings(t.Keys.Missing)
	if t.Keys.Given == nil {
		t.Keys.Given = []KeyValue{}
	}
	if t.Keys.Derived == nil {
		t.Keys.Derived = []KeyValue{}
	}
	if t.Keys.Missing == nil {
		t.Keys.Missing = []string{}
	}
}

// Reason explains the decision in one sentence.
func (r Result) Reason() string {
	where := func(ref Ref) string {
		if ref.Statement.Sid != "" {
			return ref.Policy.Name + ", statement " + ref.Statement.Sid
		}
		return ref.Policy.Name + ", " + ref.Statement.Label()
	}
	pr := "the principal"
	if r.req != nil {
		pr = r.req.Principal.Kind.String()
	}
	switch r.Why {
	case WhyDeny:
		return "Explicit deny in " + where(r.Deciding) + "."
	case WhySCPGap:
		return "Implicit deny: no service control policy at SCP level " + strconv.Itoa(r.Level) + " allows the action, and every level of the organization must allow it."
	case WhyResourceDirect:
		return "Allowed by " + where(r.Deciding) + ", which names the " + pr + " directly; in the same account that alone is enough."
	case WhyResourceRole:
		return "Allowed by " + where(r.Deciding) + ": in the same account a resource-based policy grant is enough, within the permissions boundary and session policy."
	case WhyIdentity:
		return "Allowed by " + where(r.Deciding) + ", and nothing denies it."
	case WhyRoot:
		return "Allowed: the account root user has full access to its own account, and nothing denies it."
	case WhyCrossAccount:
		return "Allowed across accounts: " + where(r.Deciding) + " allows it in the principal's account, and the resource-based policy allows it in the resource's account."
	case WhyBoundaryGap:
		return "Implicit deny: the permissions boundary does not allow the action, so no other policy can grant it."
	case WhySessionGap:
		return "Implicit deny: the session policy does not allow the action, so the session cannot use it."
	case WhyCrossNoResource:
		return "Implicit deny: a cross-account request needs the resource's policy to allow it too, and it does not."
	case WhyCrossNoIdentity:
		return "Implicit deny: the resource-based policy allows the request, but across accounts the principal's own identity-based policies must allow it too."
	case WhyAccountDelegated:
		return "Implicit deny: the resource-based policy names only the account, which delegates the decision to the account's identity-based policies, and none of them allows it."
	}
	return "Implicit deny: no policy allows the action, so it is denied by default."
}
