package engine

import (
	"strconv"
)

// The trace tree is the event log read as a tree. Building it is one pass
// over the log that lists the items people read — stages, levels,
// policies, statements and their elements and conditions — in the order
// they are shown, each with the index of the item after its subtree. The
// items hold no pointers and no text: an item's label, notes, values and
// condition explanation are written when it is read (Node, Root,
// AppendJSON, WriteText), so a tree costs one small array however much of
// it is read, and nothing the garbage collector must scan.

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

// Tree is a trace tree in flat form. Item 0 is the root, the evaluation;
// the items follow in the order they are shown, and an item's children
// are the items up to the end of its subtree. Read an item with Node, walk
// the tree with Children, or take it whole with Root or AppendJSON.
type Tree struct {
	t     *Trace
	items []item
	// shown and total count the items under the root that the tree shows
	// and that the log holds; they differ when the tree was truncated.
	shown, total int
	truncated    bool
	// size is the estimated text of the tree, which sizes the buffer its
	// text is written to.
	size int
	root *Node // Root's answer, once asked for
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
)

var itemKindNames = [...]string{"evaluation", "stage", "level", "policy", "statement", "principal",
	"action", "resource", "condition", "note", "decision", "note", "stage"}

// itemOf is the kind of the item an event starts.
var itemOf = [...]itemKind{evStage: kStage, evSkipStage: kSkipStage, evLevel: kLevel, evPolicy: kPolicy,
	evStatement: kStatement, evAction: kAction, evResource: kResource, evPrincipal: kPrincipal,
	evCondition: kCondition, evNote: kNote}

// item is one item of the tree.
type item struct {
	ev   int32 // the event it shows; -1 for the root and the closing items
	end  int32 // the index of the item after its subtree
	cond int32 // a condition's number among the tree's conditions
	kind itemKind
	res  result
}

// result is an item's result, named by resultNames.
type result uint8

const (
	rNone result = iota
	rMatch
	rNoMatch
	rAllow
	rDeny
	rAllowsNothing // a policy or level that allows nothing
	rNotApplicable
)

var resultNames = [...]string{"", "match", "noMatch", "allow", "deny", "none", "notApplicable"}

func matchResult(ok bool) result {
	if ok {
		return rMatch
	}
	return rNoMatch
}

// policyResult is the result of an evPolicyEnd event's n.
var policyResult = [...]result{rAllowsNothing, rAllow, rDeny}

// Tree reads the recorded evaluation as a tree: stages in AWS's order,
// then organization levels, policies, statements, and the elements and
// conditions of each statement, ending with the decision. It is built once
// and kept. A tree larger than the limits above ends with a "trace
// truncated" note.
func (t *Trace) Tree() *Tree {
	tr := &t.tree
	if tr.t == t {
		return tr
	}
	items := tr.items[:0]
	if want := min(len(t.events), maxTraceNodes) + 3; cap(items) < want {
		items = make([]item, 0, want)
	}
	*tr = Tree{t: t}
	req := t.req
	size := nodeCost + len(req.Principal.ARN) + len(req.Action) + len(req.Resource)
	// open holds the containers not yet closed; skip counts those not
	// shown since the tree was truncated, whose ends are dropped.
	open := append(t.open[:0], 0)
	items = append(items, item{ev: -1, kind: kEvaluation})
	skip, conds := 0, int32(0)
	for i := range t.events {
		e := &t.events[i]
		switch e.kind {
		case evStage, evLevel, evPolicy, evStatement, evSkipStage, evNote, evAction, evResource, evPrincipal, evCondition:
			tr.total++
			container := e.kind == evStage || e.kind == evLevel || e.kind == evPolicy || e.kind == evStatement
			if tr.truncated || len(items) > maxTraceNodes || size >= maxTraceText {
				tr.truncated = true
				if container {
					skip++
				}
				continue
			}
			it := item{ev: int32(i), end: int32(len(items) + 1), kind: itemOf[e.kind]}
			switch e.kind {
			case evSkipStage:
				it.res = rNotApplicable
			case evAction, evResource, evPrincipal:
				it.res = matchResult(e.ok)
			case evCondition:
				it.res = matchResult(e.ok)
				it.cond = conds
				conds++
			}
			if container {
				open = append(open, int32(len(items)))
			}
			items = append(items, it)
			size += t.itemSize(e)
		case evLevelEnd:
			if skip == 0 {
				it := &items[open[len(open)-1]]
				it.res = rAllowsNothing
				if e.ok {
					it.res = rAllow
				}
			}
		case evEnd, evPolicyEnd, evStatementEnd:
			if skip > 0 {
				skip--
				continue
			}
			if len(open) > 1 {
				it := &items[open[len(open)-1]]
				it.end = int32(len(items))
				switch e.kind {
				case evPolicyEnd:
					it.res = policyResult[e.n]
				case evStatementEnd:
					it.res = matchResult(e.ok)
				}
				open = open[:len(open)-1]
			}
		}
	}
	for _, o := range open[1:] { // a log cut short: close what is open
		items[o].end = int32(len(items))
	}
	tr.shown = len(items) - 1
	if tr.truncated {
		items = append(items, item{ev: -1, end: int32(len(items) + 1), kind: kTruncated})
	}
	if t.done {
		items = append(items, item{ev: -1, end: int32(len(items) + 1), kind: kDecision})
		size += nodeCost + 256
	}
	items[0].end = int32(len(items))
	tr.items, tr.size, t.open = items, size, open[:0]
	if cap(t.explained) < int(conds) {
		t.explained = make([]explained, conds)
	}
	t.explained = t.explained[:conds]
	return tr
}

// itemSize estimates the text an event's item shows: what the JSON costs
// beyond its values, and the request's values it repeats, which are what
// could make a small input's trace huge.
func (t *Trace) itemSize(e *event) int {
	req := t.req
	switch e.kind {
	case evAction:
		return nodeCost + 2*len(req.Action)
	case evResource:
		return nodeCost + 2*len(req.Resource)
	case evPrincipal:
		return nodeCost + 2*len(req.Principal.ARN)
	case evCondition:
		// n is the length of the request's values for the key; a value with
		// policy variables can repeat other keys' values.
		// The policy's own values count in the input's size, which is
		// bounded; those with variables can repeat other keys' values.
		n := nodeCost + 2*int(e.n)
		if e.flags&fVars == 0 {
			return n
		}
		c := t.pols[e.pol].Statements[e.stmt].Conditions[e.hit]
		for _, k := range c.VarKeys {
			vals, _ := req.Lookup(k)
			for _, v := range vals {
				n += 2 * len(v)
			}
		}
		return n
	case evStage, evSkipStage, evLevel, evNote:
		return nodeCost + len(t.strs[e.pol])
	}
	return nodeCost
}

// Len is the number of items, the root included.
func (tr *Tree) Len() int { return len(tr.items) }

// Truncated reports whether the tree stopped at its limits.
func (tr *Tree) Truncated() bool { return tr.truncated }

// Children calls f with each child of item i, in order.
func (tr *Tree) Children(i int, f func(child int)) {
	end := int(tr.items[i].end)
	for j := i + 1; j < end; j = int(tr.items[j].end) {
		f(j)
	}
}

// Kind is item i's kind: evaluation, stage, level, policy, statement,
// principal, action, resource, condition, note or decision.
func (tr *Tree) Kind(i int) string { return itemKindNames[tr.items[i].kind] }

// Result is item i's result, as Node.Result.
func (tr *Tree) Result(i int) string { return resultNames[tr.items[i].res] }

// truncationLabel says where the tree stopped and why.
func (tr *Tree) truncationLabel() string {
	return "trace truncated: it shows " + strconv.Itoa(tr.shown) + " of its " + strconv.Itoa(tr.total) +
		" items, up to " + strconv.Itoa(maxTraceNodes) + " items or " + strconv.Itoa(maxTraceText>>20) +
		" MB of text; the decision below is computed from every policy and statement"
}
