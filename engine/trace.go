package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

// Trace is the recorded evaluation. While evaluating, the engine only
// appends small events to a log; Tree and Keys turn the log into the tree
// and key report people read, with every item's source span. Recording is
// cheap, rendering happens once, when asked.
type Trace struct {
	events []event
	pols   []*policy.Policy
	strs   []string
	req    *Prepared
	result *Result
	// boundary is whether the principal has a permissions boundary, which
	// decides what a NotPrincipal match means.
	boundary bool
	root     *Node
	keys     *Keys
	// nodes and spans of the tree, kept for reuse (Options.Reuse)
	nodes slab[Node]
	spans slab[policy.Span]
}

// slab hands out values from chunks of growing size: a tree of hundreds of
// nodes costs a few allocations, and none when the trace is reused.
type slab[T any] struct {
	chunks [][]T
	i      int // the chunk being filled
}

func (s *slab[T]) add(v T) *T {
	for {
		if s.i == len(s.chunks) {
			s.chunks = append(s.chunks, make([]T, 0, 16<<min(s.i, 4)))
		}
		c := &s.chunks[s.i]
		if len(*c) < cap(*c) {
			*c = append(*c, v)
			return &(*c)[len(*c)-1]
		}
		s.i++
	}
}

// reset makes every chunk free for reuse.
func (s *slab[T]) reset() {
	for i := range s.chunks {
		s.chunks[i] = s.chunks[i][:0]
	}
	s.i = 0
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

type evKind uint8

const (
	evStage evKind = iota
	evSkipStage
	evLevel
	evLevelEnd
	evPolicy
	evPolicyEnd
	evStatement
	evStatementEnd
	evAction
	evResource
	evPrincipal
	evCondition
	evNote
	evEnd // closes a stage or level
)

// event is one recorded step. It holds no pointers — policies, statements,
// conditions and strings are indices — so the log is one flat allocation
// that the garbage collector need not scan.
type event struct {
	kind  evKind
	ok    bool
	stage Stage
	hit   int32 // matching item, level index
	n     int32 // level count, policy result, second string
	pol   int32 // index into pols
	stmt  int32 // statement index within the policy
	cond  int32 // condition index within the statement
	str   int32 // index into strs
}

// revent is an event with its indices resolved, for rendering.
type revent struct {
	event
	label string
	pol   *policy.Policy
	stmt  *policy.Statement
	cond  *policy.Condition
}

func (t *Trace) resolve(e *event) revent {
	r := revent{event: *e}
	if e.kind == evStage || e.kind == evSkipStage || e.kind == evLevel || e.kind == evNote {
		r.label = t.strs[e.str]
	}
	switch e.kind {
	case evPolicy, evStatement, evAction, evResource, evPrincipal, evCondition, evStatementEnd:
		r.pol = t.pols[e.pol]
		if e.kind != evPolicy {
			r.stmt = r.pol.Statements[e.stmt]
		}
		if e.kind == evCondition {
			r.cond = r.stmt.Conditions[e.cond]
		}
	}
	return r
}

// newTrace sizes the log for the policies at hand, so that recording
// allocates once.
//
// A reused trace keeps its memory: its log, strings and slabs start empty.
func newTrace(req *Prepared, p *Policies, reuse *Trace) *Trace {
	n := 24
	count := func(pol *policy.Policy) {
		if pol == nil {
			return
		}
		n += 2
		for _, s := range pol.Statements {
			n += 5 + len(s.Conditions)
		}
	}
	for _, pol := range p.Identity {
		count(pol)
	}
	count(p.Resource)
	count(p.Boundary)
	count(p.Session)
	for _, l := range p.SCP {
		n += 3
		for _, pol := range l {
			count(pol)
		}
	}
	for _, l := range p.RCP {
		n += 3
		for _, pol := range l {
			count(pol)
		}
	}
	if t := reuse; t != nil {
		if cap(t.events) < n {
			t.events = make([]event, 0, n)
		}
		clear(t.strs)
		clear(t.pols)
		*t = Trace{req: req, events: t.events[:0], strs: t.strs[:0], pols: t.pols[:0], nodes: t.nodes, spans: t.spans, boundary: p.Boundary != nil}
		t.nodes.reset()
		t.spans.reset()
		return t
	}
	return &Trace{req: req, events: make([]event, 0, n), strs: make([]string, 0, 16), pols: make([]*policy.Policy, 0, 8), boundary: p.Boundary != nil}
}

func (t *Trace) rec(e event) { t.events = append(t.events, e) }

func (t *Trace) str(s string) int32 {
	t.strs = append(t.strs, s)
	return int32(len(t.strs) - 1)
}

func (t *Trace) cur() int32 { return int32(len(t.pols) - 1) }

func (t *Trace) stage(s Stage, label string) {
	if t != nil {
		t.rec(event{kind: evStage, stage: s, str: t.str(label)})
	}
}

func (t *Trace) skipStage(s Stage, label, why string) {
	if t != nil {
		t.rec(event{kind: evSkipStage, stage: s, str: t.str(label), n: t.str(why)})
	}
}

func (t *Trace) level(i, n int, kind string) {
	if t != nil {
		t.rec(event{kind: evLevel, hit: int32(i), n: int32(n), str: t.str(kind)})
	}
}

func (t *Trace) levelResult(allowed bool) {
	if t != nil {
		t.rec(event{kind: evLevelEnd, ok: allowed})
	}
}

func (t *Trace) pop() {
	if t != nil {
		t.rec(event{kind: evEnd})
	}
}

func (t *Trace) note(msg string) {
	if t != nil {
		t.rec(event{kind: evNote, str: t.str(msg)})
	}
}

func (t *Trace) policy(p *policy.Policy) {
	if t != nil {
		t.pols = append(t.pols, p)
		t.rec(event{kind: evPolicy, pol: t.cur()})
	}
}

var policyResults = [...]string{"none", "allow", "deny"}

func (t *Trace) policyResult(v verdict) {
	if t == nil {
		return
	}
	var r int32
	switch {
	case v.deny.Valid():
		r = 2
	case v.allow.Valid():
		r = 1
	}
	t.rec(event{kind: evPolicyEnd, n: r})
}

func (t *Trace) statement(p *policy.Policy, s *policy.Statement) {
	if t != nil {
		t.rec(event{kind: evStatement, pol: t.cur(), stmt: int32(s.Index)})
	}
}

func (t *Trace) statementResult(ok bool, s *policy.Statement) {
	if t != nil {
		t.rec(event{kind: evStatementEnd, ok: ok, pol: t.cur(), stmt: int32(s.Index)})
	}
}

func (t *Trace) action(s *policy.Statement, hit int, ok bool) {
	if t != nil {
		t.rec(event{kind: evAction, pol: t.cur(), stmt: int32(s.Index), hit: int32(hit), ok: ok})
	}
}

func (t *Trace) resource(p *policy.Policy, s *policy.Statement, hit int, ok bool) {
	if t != nil {
		t.rec(event{kind: evResource, pol: t.cur(), stmt: int32(s.Index), hit: int32(hit), ok: ok})
	}
}

func (t *Trace) principal(p *policy.Policy, s *policy.Statement, hit int, ok bool) {
	if t != nil {
		t.rec(event{kind: evPrincipal, pol: t.cur(), stmt: int32(s.Index), hit: int32(hit), ok: ok})
	}
}

func (t *Trace) condition(s *policy.Statement, i int, ok bool) {
	if t != nil {
		t.rec(event{kind: evCondition, pol: t.cur(), stmt: int32(s.Index), cond: int32(i), ok: ok})
	}
}

func (t *Trace) finish(r *Result) {
	res := *r
	res.Trace = nil
	t.result = &res
}

// newNode and spanOf hand out trace nodes and spans from the slabs.
func (t *Trace) newNode(n Node) *Node { return t.nodes.add(n) }

func (t *Trace) spanOf(sp policy.Span) *policy.Span {
	if !sp.Start.IsValid() {
		return nil
	}
	return t.spans.add(sp)
}

func spanOf(sp policy.Span) *policy.Span {
	if !sp.Start.IsValid() {
		return nil
	}
	return &sp
}

func result(ok bool) string {
	if ok {
		return "match"
	}
	return "noMatch"
}

// Tree renders the recorded evaluation as a tree: stages in AWS's order,
// then organization levels, policies, statements, and the elements and
// conditions of each statement. It is built once and cached.
func (t *Trace) Tree() *Node {
	if t.root != nil {
		return t.root
	}
	req := t.req
	root := t.newNode(Node{Kind: "evaluation", Label: req.Principal.ARN + " → " + req.Action + " on " + req.Resource})
	stack := []*Node{root}
	top := func() *Node { return stack[len(stack)-1] }
	push := func(n *Node) {
		p := top()
		p.Children = append(p.Children, n)
		stack = append(stack, n)
	}
	add := func(n *Node) {
		p := top()
		p.Children = append(p.Children, n)
	}
	pop := func() {
		if len(stack) > 1 {
			stack = stack[:len(stack)-1]
		}
	}
	for i := range t.events {
		re := t.resolve(&t.events[i])
		e := &re
		switch e.kind {
		case evStage:
			push(t.newNode(Node{Kind: "stage", Stage: e.stage.String(), Label: e.label}))
		case evSkipStage:
			add(t.newNode(Node{Kind: "stage", Stage: e.stage.String(), Label: e.label, Result: "notApplicable", Note: t.strs[e.n]}))
		case evLevel:
			push(t.newNode(Node{Kind: "level", Label: levelLabel(e.label, int(e.hit), int(e.n))}))
		case evLevelEnd:
			n := top()
			if e.ok {
				n.Result = "allow"
			} else {
				n.Result = "none"
				n.Note = "no policy at this level allows the request: every level from the root down must allow it"
			}
		case evEnd, evPolicyEnd, evStatementEnd:
			n := top()
			switch e.kind {
			case evPolicyEnd:
				n.Result = policyResults[e.n]
			case evStatementEnd:
				n.Result = result(e.ok)
			}
			pop()
		case evNote:
			add(t.newNode(Node{Kind: "note", Label: e.label}))
		case evPolicy:
			add := t.newNode(Node{Kind: "policy", Label: e.pol.Name, Policy: e.pol.Name, Span: t.spanOf(e.pol.Span)})
			push(add)
		case evStatement:
			push(t.newNode(Node{Kind: "statement", Label: e.stmt.Label(), Policy: e.pol.Name, Span: t.spanOf(e.stmt.Span), Effect: e.stmt.Effect.String()}))
		case evAction:
			add(t.actionNode(e, top().Policy))
		case evResource:
			add(t.resourceNode(e))
		case evPrincipal:
			add(t.principalNode(e))
		case evCondition:
			add(t.conditionNode(e))
		}
	}
	if t.result != nil {
		root.Children = append(root.Children, t.newNode(Node{Kind: "decision", Label: t.result.Decision.String(), Result: t.result.Decision.String(), Note: t.result.Reason()}))
	}
	t.root = root
	return root
}

func levelLabel(kind string, i, n int) string {
	label := kind + " level " + strconv.Itoa(i+1)
	switch {
	case i == 0:
		return label + " (organization root)"
	case i == n-1:
		return label + " (the account)"
	}
	return label + " (organizational unit)"
}

func (t *Trace) actionNode(e *revent, pol string) *Node {
	s := e.stmt
	action := t.req.Action
	el := "Action"
	if s.Actions.Not {
		el = "NotAction"
	}
	n := t.newNode(Node{Kind: "action", Label: el, Result: result(e.ok), Value: action, Span: t.spanOf(s.Actions.Span), Policy: pol})
	switch {
	case e.hit >= 0:
		it := s.Actions.Items[e.hit]
		n.Matched = it.Text
		n.Span = t.spanOf(it.Span)
		if s.Actions.Not {
			n.Note = strconv.Quote(it.Text) + " is excluded by NotAction"
		} else {
			n.Note = strconv.Quote(it.Text) + " matches " + action + " (actions ignore case)"
		}
	case s.Actions.Not:
		n.Note = action + " is not among the excluded actions, so NotAction matches it"
	default:
		n.Note = "no pattern matches " + action
	}
	return n
}

func (t *Trace) resourceNode(e *revent) *Node {
	s := e.stmt
	el := "Resource"
	if s.Resources.Not {
		el = "NotResource"
	}
	res := t.req.Resource
	n := t.newNode(Node{Kind: "resource", Label: el, Result: result(e.ok), Value: res, Span: t.spanOf(s.Resources.Span), Policy: e.pol.Name})
	if e.hit >= 0 {
		it := s.Resources.Items[e.hit]
		n.Span = t.spanOf(it.Span)
		n.Matched = it.Text
		switch {
		case it.Tmpl != nil:
			if exp, ok := it.Tmpl.Expand(t.req.Lookup); ok {
				n.Matched = exp
				n.Note = strconv.Quote(it.Text) + " becomes " + strconv.Quote(exp) + " after variable substitution"
			}
		case s.Resources.Not:
			n.Note = strconv.Quote(it.Text) + " is excluded by NotResource"
		default:
			n.Note = strconv.Quote(it.Text) + " matches (ARNs are case-sensitive)"
		}
		return n
	}
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
	return n
}

func (t *Trace) principalNode(e *revent) *Node {
	s := e.stmt
	pr := t.req.Principal
	el := "Principal"
	if s.Principal.Not {
		el = "NotPrincipal"
	}
	n := t.newNode(Node{Kind: "principal", Label: el, Result: result(e.ok), Value: pr.ARN, Span: t.spanOf(s.Principal.Span), Policy: e.pol.Name})
	if e.hit >= 0 && int(e.hit) < len(s.Principal.Items) {
		it := s.Principal.Items[e.hit]
		n.Span = t.spanOf(it.Span)
		n.Matched = it.Text
	} else if s.Principal.Any {
		n.Matched = "*"
	}
	switch {
	case s.Principal.Not && e.ok && e.hit >= 0 && t.boundary:
		n.Note = "the requester is listed, but a Deny with NotPrincipal always applies to a principal that has a permissions boundary"
	case s.Principal.Not && e.ok && e.hit >= 0:
		n.Note = strconv.Quote(n.Matched) + " covers the requester only through its role or account, and NotPrincipal compares exact principals, so NotPrincipal applies to it"
	case s.Principal.Not && e.ok:
		n.Note = "the requester is not listed, so NotPrincipal applies to it"
	case s.Principal.Not:
		n.Note = "the requester is listed, so NotPrincipal excludes it"
	case !e.ok:
		n.Note = "the statement does not name " + pr.ARN
	case n.Matched == "*":
		n.Note = "\"*\" names every principal, including anonymous ones"
	case strings.HasSuffix(n.Matched, ":root") || policy.IsAccountID(n.Matched):
		n.Note = "naming the account delegates to it: the account's own identity-based policies must also allow"
	case pr.Kind == KindRoleSession && strings.Contains(n.Matched, ":role/"):
		n.Note = "the role ARN covers every session of the role"
	}
	return n
}

func (t *Trace) conditionNode(e *revent) *Node {
	c := e.cond
	vals, present := t.req.Lookup(c.KeyLower)
	ex := c.Test.Explain(t.req, c.Key.Text, vals, present)
	d := &CondDetail{Operator: c.Operator.String(), Key: c.Key.Text, Present: present, RequestValues: vals, PolicyValues: ex.PolicyValues}
	if d.RequestValues == nil {
		d.RequestValues = []string{}
	}
	if d.PolicyValues == nil {
		d.PolicyValues = []string{}
	}
	if ent, ok := t.req.keys[c.KeyLower]; ok && present {
		d.Origin = ent.origin.String()
	}
	return t.newNode(Node{Kind: "condition", Label: c.Operator.String() + " " + c.Key.Text, Result: result(e.ok),
		Span: t.spanOf(c.Span), Policy: e.pol.Name, Note: ex.Note, Condition: d})
}

// Keys reports the context keys as evaluated: given by the request, derived
// by the engine, and missing — referred to by a condition or a policy
// variable but neither given nor derivable.
func (t *Trace) Keys() Keys {
	if t.keys != nil {
		return *t.keys
	}
	k := Keys{Given: []KeyValue{}, Derived: []KeyValue{}, Missing: []string{}}
	for _, name := range t.req.order {
		e := t.req.keys[name]
		kv := KeyValue{Key: e.name, Values: e.values, Note: e.note}
		if e.origin == Derived {
			k.Derived = append(k.Derived, kv)
		} else {
			k.Given = append(k.Given, kv)
		}
	}
	seen := map[string]bool{}
	miss := func(lower, name string) {
		if _, ok := t.req.keys[lower]; ok || seen[lower] {
			return
		}
		seen[lower] = true
		k.Missing = append(k.Missing, name)
	}
	for i := range t.events {
		re := t.resolve(&t.events[i])
		e := &re
		switch e.kind {
		case evCondition:
			miss(e.cond.KeyLower, e.cond.Key.Text)
			for _, key := range e.cond.VarKeys {
				miss(strings.ToLower(key), key)
			}
		case evResource:
			for _, it := range e.stmt.Resources.Items {
				if it.Tmpl != nil {
					for _, key := range it.Tmpl.Keys() {
						miss(strings.ToLower(key), key)
					}
				}
			}
		}
	}
	slices.Sort(k.Missing)
	t.keys = &k
	return k
}
