package engine

import (
	"strconv"
)

// The trace tree is the event log read as a tree. The log is recorded in
// the order items are shown, each item with the index after its subtree
// (trace.go), so the tree needs no building: an item is an event, and its
// label, notes, values and condition explanation are written when it is
// read (Node, Root, AppendJSON, WriteText). A tree thus costs nothing
// beyond its log until it is read, and only what is read.

// Limits on the trace tree, which a small input could otherwise make huge:
// a long request value is shown by every statement that tests it. Past
// either limit the tree stops with a "trace truncated" note; the decision
// is still computed from every policy.
const (
	// maxTraceNodes is the most items of a trace tree.
	maxTraceNodes = 100_000
	// maxTraceText is the most text of a trace tree, in bytes: its labels,
	// values, notes and condition values, about the size of its JSON. It
	// is counted from the lengths of what each item shows, before any text
	// is written.
	maxTraceText = 8 << 20
)

// nodeCost is what an item's JSON costs beyond the values it shows: field
// names, quotes, a span and a note of usual length.
const nodeCost = 160

// Tree is a trace tree. Its items are numbered: 0 is the root, the
// evaluation; read an item with Node and walk the tree with Children, or
// take it whole with Root or AppendJSON.
type Tree struct {
	t *Trace
	// shown is the events shown: all of them, or those before the cut.
	shown int
	root  *Node // Root's answer, once asked for
}

// itemKind is an item's kind, named by itemKindNames.
type itemKind uint8

const (
	kEvaluation itemKind = iota
	kStage
	kLevel
	kPolicy
	kStatement
	kPrincipal
	kAction
	kResource
	kCondition
	kNote
	kDecision
	kTruncated // the "trace truncated" note
	kSkipStage // a stage that did not apply
	kNone      // an event that is not an item: an end
)

var itemKindNames = [...]string{"evaluation", "stage", "level", "policy", "statement", "principal",
	"action", "resource", "condition", "note", "decision", "note", "stage", ""}

// itemOf is the kind of the item an event shows.
var itemOf = [...]itemKind{evStage: kStage, evSkipStage: kSkipStage, evLevel: kLevel, evLevelEnd: kNone,
	evPolicy: kPolicy, evPolicyEnd: kNone, evStatement: kStatement, evStatementEnd: kNone,
	evAction: kAction, evResource: kResource, evPrincipal: kPrincipal, evCondition: kCondition,
	evNote: kNote, evEnd: kNone}

// Tree reads the recorded evaluation as a tree: stages in AWS's order,
// then organization levels, policies, statements, and the elements and
// conditions of each statement, ending with the decision. A tree larger
// than the limits above ends with a "trace truncated" note.
func (t *Trace) Tree() *Tree {
	tr := &t.tree
	if tr.t == t {
		return tr
	}
	*tr = Tree{t: t, shown: len(t.events)}
	if t.cut >= 0 {
		tr.shown = int(t.cut)
	}
	// A log cut short (an evaluation that panicked) has items left open.
	for _, o := range t.stack {
		t.events[o].x = int32(len(t.events))
	}
	t.stack = t.stack[:0]
	return tr
}

// The items' numbers: the root, then the events (item i is event i-1),
// then the truncation note and the decision.

func (tr *Tree) truncItem() int    { return len(tr.t.events) + 1 }
func (tr *Tree) decisionItem() int { return len(tr.t.events) + 2 }

// Len is the number of items, the root included.
func (tr *Tree) Len() int {
	t := tr.t
	n := 1 + t.items
	if t.cut >= 0 {
		n = 2 + t.shown // and the truncation note
	}
	if t.done {
		n++
	}
	return n
}

// childCount is the number of item i's children.
func (tr *Tree) childCount(i int) int {
	n := 0
	tr.Children(i, func(int) { n++ })
	return n
}

// Children calls f with each child of item i, in order.
func (tr *Tree) Children(i int, f func(child int)) {
	t := tr.t
	from, to := 0, tr.shown
	if i > 0 {
		if i > len(t.events) {
			return // the truncation note and the decision
		}
		from, to = i, min(t.next(i-1), tr.shown)
	}
	for j := from; j < to; {
		e := &t.events[j]
		if itemOf[e.kind] == kNone {
			j++
			continue
		}
		f(j + 1)
		j = t.next(j)
	}
	if i == 0 {
		if t.cut >= 0 {
			f(tr.truncItem())
		}
		if t.done {
			f(tr.decisionItem())
		}
	}
}

// kindOf is item i's kind.
func (tr *Tree) kindOf(i int) itemKind {
	switch {
	case i == 0:
		return kEvaluation
	case i == tr.truncItem():
		return kTruncated
	case i == tr.decisionItem():
		return kDecision
	}
	return itemOf[tr.t.events[i-1].kind]
}

// resultOf is the result of item i, an event's, as the log has it: a
// container's is in its end event. An untested condition has none yet.
func (tr *Tree) resultOf(i int) string {
	if i == 0 || i > len(tr.t.events) {
		return ""
	}
	ev := tr.t.events
	e := &ev[i-1]
	switch e.kind {
	case evSkipStage:
		return "notApplicable"
	case evAction, evResource, evPrincipal:
		return matchResult(e.ok)
	case evCondition:
		if e.flags&fUntested != 0 {
			return ""
		}
		return matchResult(e.ok)
	case evPolicy:
		return policyResults[ev[e.x-1].stmt]
	case evStatement:
		return matchResult(ev[e.x-1].ok)
	case evLevel:
		// An SCP level ends with its result, then its end.
		if r := &ev[e.x-2]; r.kind == evLevelEnd {
			if r.ok {
				return "allow"
			}
			return "none"
		}
	}
	return ""
}

func matchResult(ok bool) string {
	if ok {
		return "match"
	}
	return "noMatch"
}

// policyResults names a policy's result, an evPolicyEnd event's stmt.
var policyResults = [...]string{"none", "allow", "deny"}

// truncationLabel says where the tree stopped and why.
func (tr *Tree) truncationLabel() string {
	t := tr.t
	return "trace truncated: it shows " + strconv.Itoa(t.shown) + " of its " + strconv.Itoa(t.items) +
		" items, up to " + strconv.Itoa(maxTraceNodes) + " items or " + strconv.Itoa(maxTraceText>>20) +
		" MB of text; the decision below is computed from every policy and statement"
}
