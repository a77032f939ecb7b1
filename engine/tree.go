package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/policy"
)

// The trace tree is built from the event log in two passes: the first
// counts each node's children, so that every Children slice is cut from one
// shared array; the second makes the nodes, from slabs, with their notes
// written into one text buffer. A tree of hundreds of nodes thus costs a
// handful of allocations beyond what condition explanations need.

// Limits on the trace tree, which a small input could otherwise make huge:
// a long request value is shown by every statement that tests it. Past
// either limit the tree stops with a "trace truncated" note; the decision
// is still computed from every policy.
const (
	// maxTraceNodes is the most nodes of a trace tree.
	maxTraceNodes = 100_000
	// maxTraceText is the most text of a trace tree, in bytes: its labels,
	// values, notes and condition values, about the size of its JSON.
	maxTraceText = 8 << 20
)

// nodeCost is what a node's JSON costs beyond its strings: field names,
// quotes and a span.
const nodeCost = 160

// treeBuilder holds the state of one Tree call.
type treeBuilder struct {
	t     *Trace
	stack []*Node
	// kids is the array every Children slice is cut from; counts is each
	// container's number of children, in the order containers are made.
	kids   []*Node
	counts []int32
	next   int // the next container's index in counts
	used   int // children handed out of kids
	// size is the text so far, nodes the number of nodes; skip counts the
	// containers not made since the tree was truncated, whose ends are
	// dropped.
	size, nodes, skip int
	truncated         bool
	text              strings.Builder
	textSize          int // what text is sized for
}

// newNode and spanOf hand out trace nodes and spans from the slabs.
func (t *Trace) newNode() *Node { return t.nodes.next() }

//go:noinline
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
// conditions of each statement. It is built once and cached. A tree larger
// than the limits above ends with a "trace truncated" note.
func (t *Trace) Tree() *Node {
	if t.root != nil {
		return t.root
	}
	b := &treeBuilder{t: t, stack: t.stack[:0]}
	b.countChildren()
	b.text.Grow(b.textSize)
	req := t.req
	root := b.container("evaluation")
	m := b.mark()
	b.s(req.Principal.ARN, " → ", req.Action, " on ", req.Resource)
	root.Label = b.since(m)
	b.stack = append(b.stack, root)
	for i := range t.events {
		b.event(&t.events[i])
	}
	if b.truncated {
		root.Children = append(root.Children, b.truncationNote())
	}
	if t.done {
		d := t.newNode()
		*d = Node{Kind: "decision", Label: t.result.Decision.String(), Result: t.result.Decision.String(), Note: t.reasonOf(&t.result)}
		root.Children = append(root.Children, d)
	}
	t.root, t.stack, t.kids, t.counts, t.textHint = root, b.stack[:0], b.kids, b.counts, b.text.Len()
	return root
}

// countChildren is the first pass: each container's number of children.
func (b *treeBuilder) countChildren() {
	t := b.t
	counts := append(t.counts[:0], 2) // the root: its stages, a truncation note, the decision
	open := make([]int32, 1, 8)       // indices into counts of the open containers
	conds, items := 0, 0
	for i := range t.events {
		switch k := t.events[i].kind; k {
		case evStage, evLevel, evPolicy, evStatement:
			counts[open[len(open)-1]]++
			counts = append(counts, 0)
			open = append(open, int32(len(counts)-1))
		case evSkipStage, evNote, evAction, evResource, evPrincipal, evCondition:
			counts[open[len(open)-1]]++
			items++
			if k == evCondition {
				conds++
			}
		case evEnd, evPolicyEnd, evStatementEnd:
			if len(open) > 1 {
				open = open[:len(open)-1]
			}
		}
	}
	total := 0
	for _, c := range counts {
		total += int(c)
	}
	// Every node (the root too) and a span for most, up to the limit.
	t.nodes.reserve(min(total, maxTraceNodes) + 1)
	t.spans.reserve(min(total, maxTraceNodes))
	t.conds.reserve(min(conds, maxTraceNodes))
	if cap(t.explained) < conds {
		t.explained = make([]explained, 0, conds)
	}
	// The notes' text: about 64 bytes an item, or what the last tree
	// needed if that was more, up to twice as much (the last input may have
	// been far larger), so that the buffer seldom grows.
	est := min(64*items+256, maxTraceText)
	b.textSize = max(est, min(t.textHint, 2*est))
	if cap(t.kids) < total {
		t.kids = make([]*Node, total)
	}
	b.kids, b.counts = t.kids[:total], counts
	clear(b.kids)
}

// container makes a node that will have children, with room for them.
const notReachedNote = "not reached in AWS's flow: an earlier stage decided; evaluated here for reference"

func (b *treeBuilder) container(kind string) *Node {
	n := b.t.newNode()
	n.Kind = kind
	if b.next < len(b.counts) {
		c := int(b.counts[b.next])
		n.Children = b.kids[b.used : b.used : b.used+c]
		b.used += c
	}
	b.next++
	return n
}

func (b *treeBuilder) top() *Node { return b.stack[len(b.stack)-1] }

// full reports whether the tree has reached its limits, and marks it
// truncated when it has.
func (b *treeBuilder) full() bool {
	if !b.truncated && (b.nodes >= maxTraceNodes || b.size >= maxTraceText) {
		b.truncated = true
	}
	return b.truncated
}

// add appends n to the open container and counts its cost.
func (b *treeBuilder) add(n *Node) {
	p := b.top()
	p.Children = append(p.Children, n)
	b.nodes++
	b.size += nodeCost + len(n.Label) + len(n.Value) + len(n.Matched) + len(n.Note)
	if c := n.Condition; c != nil {
		for _, v := range c.RequestValues {
			b.size += len(v) + 3
		}
		for _, v := range c.PolicyValues {
			b.size += len(v) + 3
		}
	}
}

func (b *treeBuilder) push(n *Node) {
	b.add(n)
	b.stack = append(b.stack, n)
}

func (b *treeBuilder) pop() {
	if len(b.stack) > 1 {
		b.stack = b.stack[:len(b.stack)-1]
	}
}

// event is the second pass, one event at a time.
func (b *treeBuilder) event(ev *event) {
	t := b.t
	switch ev.kind {
	case evStage, evLevel, evPolicy, evStatement:
		if b.full() {
			b.skip++
			b.next++ // keep the containers' counts in step
			return
		}
	case evSkipStage, evNote, evAction, evResource, evPrincipal, evCondition:
		if b.full() {
			return
		}
	case evLevelEnd, evEnd, evPolicyEnd, evStatementEnd:
		if b.skip > 0 {
			if ev.kind != evLevelEnd {
				b.skip--
			}
			return
		}
	}
	re := t.resolve(ev)
	e := &re
	switch e.kind {
	case evStage:
		n := b.container("stage")
		n.Stage, n.Label = e.stage.String(), e.label
		if t.done && t.result.Flow[e.stage] == NotReached {
			// Every policy is evaluated so that the trace shows it, but the
			// flow chart says where AWS's decision was made.
			n.Note = notReachedNote
		}
		b.push(n)
	case evSkipStage:
		n := t.newNode()
		*n = Node{Kind: "stage", Stage: e.stage.String(), Label: e.label, Result: "notApplicable", Note: t.strs[e.n]}
		b.add(n)
	case evLevel:
		n := b.container("level")
		n.Label = b.levelLabel(e.label, int(e.hit), int(e.n))
		b.push(n)
	case evLevelEnd:
		n := b.top()
		if e.ok {
			n.Result = "allow"
		} else {
			n.Result = "none"
			n.Note = "no policy at this level allows the request: every level from the root down must allow it"
		}
	case evEnd, evPolicyEnd, evStatementEnd:
		n := b.top()
		switch e.kind {
		case evPolicyEnd:
			n.Result = policyResults[e.n]
		case evStatementEnd:
			n.Result = result(e.ok)
		}
		b.pop()
	case evNote:
		n := t.newNode()
		*n = Node{Kind: "note", Label: e.label}
		b.add(n)
	case evPolicy:
		n := b.container("policy")
		n.Label, n.Policy, n.Span = e.pol.Name, e.pol.Name, t.spanOf(e.pol.Span)
		b.push(n)
	case evStatement:
		n := b.container("statement")
		n.Label, n.Policy, n.Span, n.Effect = b.statementLabel(e.stmt), e.pol.Name, t.spanOf(e.stmt.Span), e.stmt.Effect.String()
		b.push(n)
	case evAction:
		b.add(b.actionNode(e))
	case evResource:
		b.add(b.resourceNode(e))
	case evPrincipal:
		b.add(b.principalNode(e))
	case evCondition:
		b.add(b.conditionNode(e))
	}
}

// truncationNote says where the tree stopped and why.
func (b *treeBuilder) truncationNote() *Node {
	total := 0
	for _, e := range b.t.events {
		switch e.kind {
		case evStage, evLevel, evPolicy, evStatement, evSkipStage, evNote, evAction, evResource, evPrincipal, evCondition:
			total++
		}
	}
	n := b.t.newNode()
	*n = Node{Kind: "note", Label: "trace truncated: it shows " + strconv.Itoa(b.nodes) + " of its " + strconv.Itoa(total) +
		" items, up to " + strconv.Itoa(maxTraceNodes) + " items or " + strconv.Itoa(maxTraceText>>20) +
		" MB of text; the decision below is computed from every policy and statement"}
	return n
}

// The notes are written into one buffer, b.text; mark and since cut each
// note out of it without copying. A strings.Builder never changes what it
// has written, so the notes stay valid as it grows. The helpers are not
// inlined: inlined at every call they made the browser module 40 KB
// larger, for no measurable gain.

func (b *treeBuilder) mark() int { return b.text.Len() }

//go:noinline
func (b *treeBuilder) since(m int) string { return b.text.String()[m:] }

//go:noinline
func (b *treeBuilder) s(parts ...string) {
	for _, p := range parts {
		b.text.WriteString(p)
	}
}

// quote writes s as a Go-quoted string, as strconv.Quote does, without
// allocating for plain text.
//
//go:noinline
func (b *treeBuilder) quote(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b.text.WriteString(strconv.Quote(s))
			return
		}
	}
	b.s(`"`, s, `"`)
}

//go:noinline
func (b *treeBuilder) int(i int) {
	var buf [20]byte
	b.text.Write(strconv.AppendInt(buf[:0], int64(i), 10))
}

func (b *treeBuilder) statementLabel(s *policy.Statement) string {
	if s.Sid != "" {
		return s.Sid
	}
	m := b.mark()
	b.s("statement ")
	b.int(s.Index + 1)
	return b.since(m)
}

func (b *treeBuilder) levelLabel(kind string, i, n int) string {
	m := b.mark()
	b.s(kind, " level ")
	b.int(i + 1)
	switch {
	case i == 0:
		b.s(" (organization root)")
	case i == n-1:
		b.s(" (the account)")
	default:
		b.s(" (organizational unit)")
	}
	return b.since(m)
}

func (b *treeBuilder) actionNode(e *revent) *Node {
	s := e.stmt
	action := b.t.req.Action
	el := "Action"
	if s.Actions.Not {
		el = "NotAction"
	}
	n := b.t.newNode()
	*n = Node{Kind: "action", Label: el, Result: result(e.ok), Value: action, Span: b.t.spanOf(s.Actions.Span), Policy: e.pol.Name}
	m := b.mark()
	switch {
	case e.hit >= 0:
		it := s.Actions.Items[e.hit]
		n.Matched = it.Text
		n.Span = b.t.spanOf(it.Span)
		b.quote(it.Text)
		if s.Actions.Not {
			b.s(" is excluded by NotAction")
		} else {
			b.s(" matches ", action, " (actions ignore case)")
		}
	case s.Actions.Not:
		b.s(action, " is not among the excluded actions, so NotAction matches it")
	default:
		b.s("no pattern matches ", action)
	}
	n.Note = b.since(m)
	return n
}

func (b *treeBuilder) resourceNode(e *revent) *Node {
	t := b.t
	s := e.stmt
	el := "Resource"
	if s.Resources.Not {
		el = "NotResource"
	}
	n := t.newNode()
	*n = Node{Kind: "resource", Label: el, Result: result(e.ok), Value: t.req.Resource, Span: t.spanOf(s.Resources.Span), Policy: e.pol.Name}
	m := b.mark()
	if e.hit >= 0 {
		it := s.Resources.Items[e.hit]
		n.Span = t.spanOf(it.Span)
		n.Matched = it.Text
		switch {
		case it.Tmpl != nil:
			if exp, ok := it.Tmpl.Expand(t.req.Lookup); ok {
				n.Matched = exp
				b.quote(it.Text)
				b.s(" becomes ")
				b.quote(exp)
				b.s(" after variable substitution")
			}
		case s.Resources.Not:
			b.quote(it.Text)
			b.s(" is excluded by NotResource")
		default:
			b.quote(it.Text)
			b.s(" matches (ARNs are case-sensitive)")
		}
		n.Note = b.since(m)
		return n
	}
	if s.Resources.Not {
		n.Note = "the resource is not among the excluded ones, so NotResource matches it"
		return n
	}
	unresolved := 0
	for _, it := range s.Resources.Items {
		if it.Tmpl == nil {
			continue
		}
		if _, ok := it.Tmpl.Expand(t.req.Lookup); !ok {
			if unresolved == 0 {
				b.s("no pattern matches; ")
			} else {
				b.s(", ")
			}
			b.s(it.Text)
			unresolved++
		}
	}
	if unresolved > 0 {
		b.s(" holds a policy variable whose key is not in the request, so it matches nothing")
	} else {
		// The resource is the node's value: the note does not repeat it,
		// which could be long, for every statement.
		b.s("no pattern matches the resource")
	}
	n.Note = b.since(m)
	return n
}

func (b *treeBuilder) principalNode(e *revent) *Node {
	t := b.t
	s := e.stmt
	pr := t.req.Principal
	el := "Principal"
	if s.Principal.Not {
		el = "NotPrincipal"
	}
	n := t.newNode()
	*n = Node{Kind: "principal", Label: el, Result: result(e.ok), Value: pr.ARN, Span: t.spanOf(s.Principal.Span), Policy: e.pol.Name}
	if e.hit >= 0 && int(e.hit) < len(s.Principal.Items) {
		it := s.Principal.Items[e.hit]
		n.Span = t.spanOf(it.Span)
		n.Matched = it.Text
	} else if s.Principal.Any {
		n.Matched = "*"
	}
	m := b.mark()
	switch {
	case s.Principal.Not && e.ok && e.hit >= 0 && t.boundary:
		n.Note = "the requester is listed, but a Deny with NotPrincipal always applies to a principal that has a permissions boundary"
	case s.Principal.Not && e.ok && e.hit >= 0:
		b.quote(n.Matched)
		b.s(" covers the requester only through its role or account, and NotPrincipal compares exact principals, so NotPrincipal applies to it")
		n.Note = b.since(m)
	case s.Principal.Not && e.ok:
		n.Note = "the requester is not listed, so NotPrincipal applies to it"
	case s.Principal.Not:
		n.Note = "the requester is listed, so NotPrincipal excludes it"
	case !e.ok:
		b.s("the statement does not name ", pr.ARN)
		n.Note = b.since(m)
	case n.Matched == "*":
		n.Note = "\"*\" names every principal, including anonymous ones"
	case strings.HasSuffix(n.Matched, ":root") || policy.IsAccountID(n.Matched):
		n.Note = "naming the account delegates to it: the account's own identity-based policies must also allow"
	case pr.Kind == KindRoleSession && strings.Contains(n.Matched, ":role/"):
		n.Note = "the role ARN covers every session of the role"
	}
	return n
}

// noValues is the empty list of a condition with no values to show.
var noValues = []string{}

func (b *treeBuilder) conditionNode(e *revent) *Node {
	t := b.t
	c := e.cond
	// One look-up for the values and their origin: KeyLower is lower-case,
	// as the request's keys are.
	ent, present := t.req.keys[c.KeyLower]
	var vals []string
	if present {
		vals = ent.values
	}
	policyValues, note := t.explain(c, vals, present)
	m := b.mark()
	writeOperator(&b.text, c.Operator)
	op := b.since(m)
	b.s(" ", c.Key.Text)
	label := b.since(m)
	d := t.conds.next()
	*d = CondDetail{Operator: op, Key: c.Key.Text, Present: present, RequestValues: vals, PolicyValues: policyValues}
	if d.RequestValues == nil {
		d.RequestValues = noValues
	}
	if d.PolicyValues == nil {
		d.PolicyValues = noValues
	}
	if present {
		d.Origin = ent.origin.String()
	}
	n := t.newNode()
	*n = Node{Kind: "condition", Label: label, Result: result(e.ok),
		Span: t.spanOf(c.Span), Policy: e.pol.Name, Note: note, Condition: d}
	return n
}

// writeOperator writes the operator's name as cond.Operator.String does,
// without building a string.
func writeOperator(sb *strings.Builder, o cond.Operator) {
	if o.Set != cond.None {
		sb.WriteString(o.Set.String())
		sb.WriteByte(':')
	}
	sb.WriteString(o.Base.String())
	if o.IfExists {
		sb.WriteString("IfExists")
	}
}

// explained is what a condition node shows of its explanation, kept for
// the next tree.
type explained struct {
	cond    *policy.Condition
	vals    []string
	present bool
	policy  []string // the explanation's PolicyValues
	note    string
}

// explain is c.Test.Explain's policy values and note, reusing the previous tree's explanation of
// the condition at the same place when the condition reads the same and
// the request gives it the same values. On a keystroke most conditions
// have not changed, and explaining is most of what a condition node costs.
// A condition with policy variables depends on the rest of the request,
// and is explained anew every time.
func (t *Trace) explain(c *policy.Condition, vals []string, present bool) (policyValues []string, note string) {
	i := len(t.explained)
	if len(c.VarKeys) == 0 && i < len(t.prevExplained) {
		if p := &t.prevExplained[i]; p.present == present && sameCondition(p.cond, c) && slices.Equal(p.vals, vals) {
			t.explained = append(t.explained, *p)
			return p.policy, p.note
		}
	}
	ex := c.Test.Explain(t.req, c.Key.Text, vals, present)
	t.explained = append(t.explained, explained{cond: c, vals: vals, present: present, policy: ex.PolicyValues, note: ex.Note})
	return ex.PolicyValues, ex.Note
}

// sameCondition reports whether two conditions without policy variables
// test the same: the same operator, key and values.
func sameCondition(a, b *policy.Condition) bool {
	if a == b {
		return true
	}
	if a.Operator != b.Operator || a.Key.Text != b.Key.Text || len(a.Values) != len(b.Values) || len(a.VarKeys)+len(b.VarKeys) > 0 {
		return false
	}
	for i := range a.Values {
		if a.Values[i].Text != b.Values[i].Text {
			return false
		}
	}
	return true
}
