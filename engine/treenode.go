package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/policy"
)

// This file writes what a tree item shows: its label, values and notes,
// and a condition's explanation. Text is written into a textBuf and cut
// out of it without copying; a strings.Builder never changes what it has
// written, so the strings stay valid as it grows.

// textBuf holds the text of the items being read.
type textBuf struct{ strings.Builder }

func (b *textBuf) mark() int { return b.Len() }

// The helpers are not inlined: inlined at every call they made the
// browser module larger, for no measurable gain.

//go:noinline
func (b *textBuf) since(m int) string { return b.String()[m:] }

//go:noinline
func (b *textBuf) s(parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// quote writes s as a Go-quoted string, as strconv.Quote does, without
// allocating for plain text.
//
//go:noinline
func (b *textBuf) quote(s string) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			b.WriteString(strconv.Quote(s))
			return
		}
	}
	b.s(`"`, s, `"`)
}

//go:noinline
func (b *textBuf) int(i int) {
	var buf [20]byte
	b.Write(strconv.AppendInt(buf[:0], int64(i), 10))
}

// slot is where an item is written: its node, and the span and condition
// detail the node points to.
type slot struct {
	item int // the item written
	node Node
	span policy.Span
	cond CondDetail
}

// setSpan points the node at sp, when sp is known.
func (s *slot) setSpan(sp policy.Span) {
	if sp.Start.IsValid() {
		s.span = sp
		s.node.Span = &s.span
	} else {
		s.node.Span = nil
	}
}

// Node is item i without its children.
func (tr *Tree) Node(i int) Node {
	var b textBuf
	s := new(slot)
	tr.fill(i, s, &b)
	return s.node
}

const notReachedNote = "not reached in AWS's flow: an earlier stage decided; evaluated here for reference"

// fill writes item i into s.
func (tr *Tree) fill(i int, s *slot, b *textBuf) {
	t := tr.t
	kind := tr.kindOf(i)
	s.item = i
	s.node = Node{Kind: itemKindNames[kind], Result: tr.resultOf(i)}
	n := &s.node
	switch kind {
	case kEvaluation:
		req := t.req
		m := b.mark()
		b.s(req.Principal.ARN, " → ", req.Action, " on ", req.Resource)
		n.Label = b.since(m)
		return
	case kTruncated:
		n.Label = tr.truncationLabel()
		return
	case kDecision:
		n.Label, n.Result, n.Note = t.result.Decision.String(), t.result.Decision.String(), t.reasonOf(&t.result)
		return
	}
	e := t.resolve(&t.events[i-1])
	switch kind {
	case kStage:
		n.Stage, n.Label = e.stage.String(), e.label
		if t.done && t.result.Flow[e.stage] == NotReached {
			// Every policy is evaluated so that the trace shows it, but the
			// flow chart says where AWS's decision was made.
			n.Note = notReachedNote
		}
	case kSkipStage:
		n.Stage, n.Label, n.Note = e.stage.String(), e.label, t.text(textRef(e.event.stmt))
	case kLevel:
		n.Label = levelLabel(b, e.label, int(e.event.stmt), e.ok)
		if n.Result == "none" {
			n.Note = "no policy at this level allows the request: every level from the root down must allow it"
		}
	case kNote:
		n.Label = e.label
	case kPolicy:
		n.Label, n.Policy = e.pol.Name, e.pol.Name
		s.setSpan(e.pol.Span)
	case kStatement:
		n.Label, n.Policy, n.Effect = statementLabel(b, e.stmt), e.pol.Name, e.stmt.Effect.String()
		s.setSpan(e.stmt.Span)
	case kAction:
		tr.action(&e, s, b)
	case kResource:
		tr.resource(&e, s, b)
	case kPrincipal:
		tr.principal(&e, s, b)
	case kCondition:
		tr.condition(&e, e.x, s, b)
	}
}

func statementLabel(b *textBuf, s *policy.Statement) string {
	if s.Sid != "" {
		return s.Sid
	}
	m := b.mark()
	b.s("statement ")
	b.int(s.Index + 1)
	return b.since(m)
}

func levelLabel(b *textBuf, kind string, i int, last bool) string {
	m := b.mark()
	b.s(kind, " level ")
	b.int(i + 1)
	switch {
	case i == 0:
		b.s(" (organization root)")
	case last:
		b.s(" (the account)")
	default:
		b.s(" (organizational unit)")
	}
	return b.since(m)
}

func (tr *Tree) action(e *revent, sl *slot, b *textBuf) {
	s := e.stmt
	action := tr.t.req.Action
	n := &sl.node
	n.Label, n.Value, n.Policy = "Action", action, e.pol.Name
	if s.Actions.Not {
		n.Label = "NotAction"
	}
	sl.setSpan(s.Actions.Span)
	m := b.mark()
	switch {
	case e.hit() >= 0:
		it := s.Actions.Items[e.hit()]
		n.Matched = it.Text
		sl.setSpan(it.Span)
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
}

func (tr *Tree) resource(e *revent, sl *slot, b *textBuf) {
	t := tr.t
	s := e.stmt
	n := &sl.node
	n.Label, n.Value, n.Policy = "Resource", t.req.Resource, e.pol.Name
	if s.Resources.Not {
		n.Label = "NotResource"
	}
	sl.setSpan(s.Resources.Span)
	m := b.mark()
	if e.hit() >= 0 {
		it := s.Resources.Items[e.hit()]
		sl.setSpan(it.Span)
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
		return
	}
	if s.Resources.Not {
		n.Note = "the resource is not among the excluded ones, so NotResource matches it"
		return
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
}

func (tr *Tree) principal(e *revent, sl *slot, b *textBuf) {
	t := tr.t
	s := e.stmt
	pr := t.req.Principal
	n := &sl.node
	n.Label, n.Value, n.Policy = "Principal", pr.ARN, e.pol.Name
	if s.Principal.Not {
		n.Label = "NotPrincipal"
	}
	sl.setSpan(s.Principal.Span)
	if e.hit() >= 0 && int(e.hit()) < len(s.Principal.Items) {
		it := s.Principal.Items[e.hit()]
		sl.setSpan(it.Span)
		n.Matched = it.Text
	} else if s.Principal.Any {
		n.Matched = "*"
	}
	m := b.mark()
	switch {
	case s.Principal.Not && e.ok && e.hit() >= 0 && t.boundary:
		n.Note = "the requester is listed, but a Deny with NotPrincipal always applies to a principal that has a permissions boundary"
	case s.Principal.Not && e.ok && e.hit() >= 0:
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
}

// noValues is the empty list of a condition with no values to show.
var noValues = []string{}

func (tr *Tree) condition(e *revent, k int32, sl *slot, b *textBuf) {
	t := tr.t
	c := e.cond
	// One look-up for the values and their origin: KeyLower is lower-case,
	// as the request's keys are.
	ent, present := t.req.keys[c.KeyLower]
	var vals []string
	if present {
		vals = ent.values
	}
	policyValues, note, ok := t.explain(k, c, vals, present)
	m := b.mark()
	writeOperator(b, c.Operator)
	op := b.since(m)
	b.s(" ", c.Key.Text)
	d := &sl.cond
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
	n := &sl.node
	n.Label, n.Policy, n.Note, n.Condition = b.since(m), e.pol.Name, note, d
	if e.flags&fUntested != 0 {
		n.Result = matchResult(ok)
	}
	sl.setSpan(c.Span)
}

// writeOperator writes the operator's name as cond.Operator.String does,
// without building a string.
func writeOperator(b *textBuf, o cond.Operator) {
	if o.Set != cond.None {
		b.WriteString(o.Set.String())
		b.WriteByte(':')
	}
	b.WriteString(o.Base.String())
	if o.IfExists {
		b.WriteString("IfExists")
	}
}

// explained is a condition's explanation, kept for the next tree.
type explained struct {
	cond    *policy.Condition
	vals    []string
	present bool
	policy  []string // the explanation's PolicyValues
	note    string
	result  bool
}

// explain is c.Test.Explain's policy values and note for the tree's k-th
// condition, made once per tree. It reuses the previous tree's explanation
// of the condition at the same place when the condition reads the same and
// the request gives it the same values: on a keystroke most conditions
// have not changed, and explaining is most of what a condition costs. A
// condition with policy variables depends on the rest of the request, and
// is explained anew every time.
func (t *Trace) explain(k int32, c *policy.Condition, vals []string, present bool) (policyValues []string, note string, result bool) {
	if n := int(t.conds); len(t.explained) < n {
		// Made when the first condition is read, not with the tree.
		if cap(t.explained) < n {
			t.explained = make([]explained, n)
		}
		t.explained = t.explained[:n]
	}
	x := &t.explained[k]
	if x.cond == c {
		return x.policy, x.note, x.result
	}
	if len(c.VarKeys) == 0 && int(k) < len(t.prevExplained) {
		if p := &t.prevExplained[k]; p.cond != nil && p.present == present && sameCondition(p.cond, c) && slices.Equal(p.vals, vals) {
			*x = *p
			x.cond = c
			return x.policy, x.note, x.result
		}
	}
	ex := c.Test.Explain(t.req, c.Key.Text, vals, present)
	*x = explained{cond: c, vals: vals, present: present, policy: ex.PolicyValues, note: ex.Note, result: ex.Result}
	return ex.PolicyValues, ex.Note, ex.Result
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
