package engine

import (
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
	result Result // made here as evaluated, without its trace (Evaluate returns a copy with it)
	reason string // result's reason, once asked for
	// stack holds the open items while recording. items counts the tree's
	// items and size their text (tree.go); cut is the index of the first
	// event not shown, -1 while under the limits, and shown the items
	// before it. conds numbers the conditions.
	stack       []int32
	items, size int
	shown       int
	cut         int32
	conds       int32
	// keyEvents counts the events that carry fKeys, which the key report
	// must read, and firstKey is the first of them.
	keyEvents, firstKey int32
	// done is whether result is set; boundary whether the principal has a
	// permissions boundary, which decides what a NotPrincipal match means.
	done, boundary bool
	keyGen         uint32 // the generation of keyVals' entries, below
	tree           Tree
	keys           *Keys
	// explained holds this tree's condition explanations, prevExplained
	// the previous tree's, which explain reuses (treenode.go).
	explained, prevExplained []explained
	// The memory of the key report, kept for reuse likewise.
	keyReport Keys
	missing   []string
	seen      map[string]bool
	flow      [numStages]StageReport
	deciding  StatementReport
	span      policy.Span
	// keyVals holds the request's entries of the first keys of keyTable,
	// as lookupKey found them, those of generation keyGen. (The fields are
	// ordered so that the object and its heap header fit the 1,280-byte
	// size class.)
	keyTable *policy.Table
	keyVals  [8]keyLookup
	// The memory of a small evaluation's log, strings, policies and stack,
	// so that it costs one allocation. The events come last: they hold no
	// pointers, and the garbage collector stops scanning before them.
	strBuf   [4]string
	polBuf   [8]*policy.Policy
	stackBuf [8]int32
	evBuf    [24]event
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

// event is one recorded step, in 16 bytes. It holds no pointers —
// policies, statements, conditions and texts are indices — so the log is
// one flat allocation that the garbage collector need not scan; and it is
// small, since writing the log is most of what tracing costs (at 24 bytes
// an event, the conditions shape of BenchmarkShapes took a third more
// cache misses). What each field holds depends on the kind:
type event struct {
	head
	// pol is the index into pols of the policy of a policy, statement or
	// element; for a condition, the index of its statement's event; for a
	// stage, skipped stage, level or note, its label (a textRef).
	pol int32
	// stmt is the index in its policy of a statement, or of an element's
	// statement; a condition's index in its statement; a level's index; a
	// skipped stage's reason (a textRef); a policy's result, on its end.
	stmt int32
	// x is, for an item with children, the index after its subtree; for an
	// element, the matching item (-1 for none); for a condition, its number
	// among the trace's conditions.
	x int32
}

// head is what kind of step an event is, and how it went. It is a struct
// of its own so that an event has four fields: the compiler then builds an
// event in registers and writes it straight into the log. With seven, it
// built each one on the stack, byte by byte, and copied it with one
// 16-byte load, which the processor cannot serve from those smaller stores
// until they retire: that stall was a sixth of the conditions shape's
// traced evaluation (pprof -disasm on BenchmarkShapes).
type head struct {
	kind  evKind
	ok    bool // a match; for a level, whether it is the last (the account)
	stage Stage
	flags evFlags
}

// hit is an element's matching item: the index of the action, resource or
// principal that matched the request, or -1.
func (e *event) hit() int32 { return e.x }

// opens tells the kinds of the items with children, closed by an end
// event; an item without children ends where the next event begins. evEnd,
// the last kind, is named so that every kind indexes the table.
var opens = [...]bool{evStage: true, evLevel: true, evPolicy: true, evStatement: true, evEnd: false}

// next is the index after the subtree of event i.
func (t *Trace) next(i int) int {
	if e := &t.events[i]; opens[e.kind] {
		return int(e.x)
	}
	return i + 1
}

// evFlags say what the key report must look at: a condition whose key the
// request lacks, and an element or condition with policy variables; and
// whether a condition was tested.
type evFlags uint8

const (
	fAbsent evFlags = 1 << iota
	fVars
	// fUntested marks a condition of a statement that did not apply for
	// another reason: it was not tested, and is when the tree shows it.
	fUntested
	// fKeys are the flags that can name a key the request lacks.
	fKeys = fAbsent | fVars
)

// revent is an event with its indices resolved, for rendering.
type revent struct {
	*event
	label string
	pol   *policy.Policy
	stmt  *policy.Statement
	cond  *policy.Condition
}

func (t *Trace) resolve(e *event) revent {
	r := revent{event: e}
	if e.kind == evStage || e.kind == evSkipStage || e.kind == evLevel || e.kind == evNote {
		r.label = t.text(textRef(e.pol))
		return r
	}
	switch e.kind {
	case evPolicy, evStatement, evAction, evResource, evPrincipal:
		r.pol = t.pols[e.pol]
		if e.kind != evPolicy {
			r.stmt = r.pol.Statements[e.stmt]
		}
	case evCondition:
		st := &t.events[e.pol]
		r.pol = t.pols[st.pol]
		r.stmt = r.pol.Statements[st.stmt]
		r.cond = r.stmt.Conditions[e.stmt]
	}
	return r
}

// newTrace sizes the log for the policies at hand, so that recording
// allocates once. A statement records its start and end, action and
// resource, and each of its principal and conditions: the policy counted
// the last two when it was parsed (Policy.Tests). Counting them here
// walked every statement once more before evaluating them, an eighth of
// the time at 10,000 statements (BenchmarkScale). A log that needs more
// (a policy not made by Parse) grows.
//
// A reused trace keeps its memory: its log, strings and tree start empty.
func newTrace(req *Prepared, p *Policies, reuse *Trace) *Trace {
	n, pols := logSize(p)
	if t := reuse; t != nil {
		t.reset(req, p, n)
		return t
	}
	t := &Trace{req: req, boundary: p.Boundary != nil, cut: -1, size: nodeCost + len(req.Principal.ARN) + len(req.Action) + len(req.Resource)}
	t.events, t.strs, t.pols, t.stack = t.evBuf[:0], t.strBuf[:0], t.polBuf[:0], t.stackBuf[:0]
	switch {
	case n > bigLog:
		t.events = bigLogFor(t, n)
	case n > len(t.evBuf):
		t.events = make([]event, 0, n)
	}
	if pols > len(t.polBuf) {
		t.pols = make([]*policy.Policy, 0, pols)
	}
	return t
}

// logSize is the number of events a trace of p records at most, and the
// number of policies it names.
func logSize(p *Policies) (events, pols int) {
	events = 16
	count := func(pol *policy.Policy) {
		if pol != nil {
			events += 2 + 4*len(pol.Statements) + pol.Tests
			pols++
		}
	}
	for _, pol := range p.Identity {
		count(pol)
	}
	count(p.Resource)
	count(p.Boundary)
	count(p.Session)
	count(p.Endpoint)
	for _, l := range p.SCP {
		events += 3
		for _, pol := range l {
			count(pol)
		}
	}
	for _, l := range p.RCP {
		events += 3
		for _, pol := range l {
			count(pol)
		}
	}
	return events, pols
}

// reset empties a trace for another evaluation, keeping its memory. It
// sets each field rather than the whole struct, which would copy all of it
// (under the garbage collector's write barrier when it is marking).
func (t *Trace) reset(req *Prepared, p *Policies, events int) {
	if cap(t.events) < events {
		t.events = make([]event, 0, events)
	}
	clear(t.strs)
	clear(t.pols)
	t.events, t.strs, t.pols = t.events[:0], t.strs[:0], t.pols[:0]
	t.req, t.boundary = req, p.Boundary != nil
	t.result, t.done, t.reason = Result{}, false, ""
	t.keys, t.keyReport = nil, Keys{}
	t.deciding = StatementReport{}
	t.keyTable = nil
	t.stack, t.items, t.cut, t.shown, t.conds, t.keyEvents = t.stack[:0], 0, -1, 0, 0, 0
	t.size = nodeCost + len(req.Principal.ARN) + len(req.Action) + len(req.Resource)
	t.tree = Tree{}
	// This tree's explanations become the previous ones; those of the tree
	// before are dropped.
	t.explained, t.prevExplained = t.prevExplained[:0], t.explained
	clear(t.explained[:cap(t.explained)])
}

// The log is recorded as a tree: an item with children (a stage, level,
// policy or statement) is opened and later closed by its end event, which
// sets the item's end, the index after its subtree; an item without
// children ends where the next begins. Each item also counts towards the
// tree's limits (tree.go): the first item past them is where the tree is
// cut.

// count counts an item that shows about cost bytes of text.
func (t *Trace) count(cost int) {
	if t.cut < 0 && (t.items >= maxTraceNodes || t.size >= maxTraceText) {
		t.cut, t.shown = int32(len(t.events)), t.items
	}
	t.items++
	t.size += cost
}

// open records an item with children.
func (t *Trace) open(e event, cost int) {
	t.count(cost)
	t.stack = append(t.stack, int32(len(t.events)))
	t.events = append(t.events, e)
}

// leaf records an item without children.
func (t *Trace) leaf(e event, cost int) {
	t.count(cost)
	if e.flags&fKeys != 0 {
		if t.keyEvents == 0 {
			t.firstKey = int32(len(t.events))
		}
		t.keyEvents++
	}
	t.events = append(t.events, e)
}

// close records the end of the innermost open item.
func (t *Trace) close(e event) {
	t.events = append(t.events, e)
	if n := len(t.stack); n > 0 {
		t.events[t.stack[n-1]].x = int32(len(t.events))
		t.stack = t.stack[:n-1]
	}
}

func (t *Trace) cur() int32 { return int32(len(t.pols) - 1) }

func (t *Trace) stage(s Stage, label textRef) {
	if t != nil {
		t.open(event{head: head{kind: evStage, stage: s}, pol: int32(label)}, nodeCost+len(t.text(label)))
	}
}

func (t *Trace) skipStage(s Stage, label, why textRef) {
	if t != nil {
		t.leaf(event{head: head{kind: evSkipStage, stage: s}, pol: int32(label), stmt: int32(why)}, nodeCost+len(t.text(label))+len(t.text(why)))
	}
}

func (t *Trace) level(i, n int, kind textRef) {
	if t != nil {
		t.open(event{head: head{kind: evLevel, ok: i == n-1}, stmt: int32(i), pol: int32(kind)}, nodeCost+len(t.text(kind)))
	}
}

// levelResult records whether the open level allows the request; pop
// closes the level.
func (t *Trace) levelResult(allowed bool) {
	if t != nil {
		t.events = append(t.events, event{head: head{kind: evLevelEnd, ok: allowed}})
	}
}

func (t *Trace) pop() {
	if t != nil {
		t.close(event{head: head{kind: evEnd}})
	}
}

func (t *Trace) note(msg textRef) {
	if t != nil {
		t.leaf(event{head: head{kind: evNote}, pol: int32(msg)}, nodeCost+len(t.text(msg)))
	}
}

func (t *Trace) policy(p *policy.Policy) {
	if t != nil {
		t.pols = append(t.pols, p)
		t.open(event{head: head{kind: evPolicy}, pol: t.cur()}, nodeCost+2*len(p.Name))
	}
}

func (t *Trace) policyResult(v *verdict) {
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
	t.close(event{head: head{kind: evPolicyEnd}, stmt: r})
}

// statement opens statement i of p, whose Sid is sidLen bytes long.
func (t *Trace) statement(p *policy.Policy, i, sidLen int) {
	if t != nil {
		t.open(event{head: head{kind: evStatement}, pol: t.cur(), stmt: int32(i)}, nodeCost+sidLen+len(p.Name))
	}
}

func (t *Trace) statementResult(ok bool, i int) {
	if t != nil {
		t.close(event{head: head{kind: evStatementEnd, ok: ok}, pol: t.cur(), stmt: int32(i)})
	}
}

// The elements' items repeat the request's action, resource or principal,
// which could be long, so they count it twice: as value and in the note.

// action records statement i's Action element; hit is the matching
// pattern, or -1.
func (t *Trace) action(i, hit int, ok bool) {
	if t != nil {
		t.leaf(event{head: head{kind: evAction, ok: ok}, pol: t.cur(), stmt: int32(i), x: int32(hit)}, nodeCost+2*len(t.req.Action))
	}
}

// resource records statement i's Resource element; f is fVars when a
// pattern holds policy variables.
func (t *Trace) resource(i, hit int, ok bool, f evFlags) {
	if t != nil {
		t.leaf(event{head: head{kind: evResource, ok: ok, flags: f}, pol: t.cur(), stmt: int32(i), x: int32(hit)}, nodeCost+2*len(t.req.Resource))
	}
}

func (t *Trace) principal(p *policy.Policy, s *policy.Statement, hit int, ok bool) {
	if t != nil {
		t.leaf(event{head: head{kind: evPrincipal, ok: ok}, pol: t.cur(), stmt: int32(s.Index), x: int32(hit)}, nodeCost+2*len(t.req.Principal.ARN))
	}
}

// condition records a condition's result. Its item shows the request's
// values for the key, and a value with policy variables can repeat other
// keys' values: the tree's limits count both. The event keeps the
// condition's number among the trace's conditions (t.conds), by which its
// explanation is kept (treenode.go).
func (t *Trace) condition(s *policy.Statement, i int, ok bool, vals []string, present bool) {
	if t != nil {
		t.conditionEvent(s, i, ok, vals, present, 0)
	}
}

func (t *Trace) conditionEvent(s *policy.Statement, i int, ok bool, vals []string, present bool, f evFlags) {
	cost := 0
	if keys := s.Conditions[i].VarKeys; len(keys) > 0 {
		f |= fVars
		for _, k := range keys {
			vals, _ := t.req.Lookup(k)
			for _, v := range vals {
				cost += 2 * len(v)
			}
		}
	}
	t.conditionAt(i, ok, vals, present, f, cost)
}

// conditionAt records condition i of the open statement, whose item shows
// vals and whose values' policy variables cost extra.
func (t *Trace) conditionAt(i int, ok bool, vals []string, present bool, f evFlags, extra int) {
	cost := nodeCost + extra
	for _, v := range vals {
		cost += 2 * len(v)
	}
	if !present {
		f |= fAbsent
	}
	// Its statement is the item open around it.
	st := t.stack[len(t.stack)-1]
	t.leaf(event{head: head{kind: evCondition, ok: ok, flags: f}, pol: st, stmt: int32(i), x: t.conds}, cost)
	t.conds++
}

// untested records the conditions of a statement that does not apply for
// another reason, without testing them.
func (t *Trace) untested(s *policy.Statement, req *Prepared) {
	if t == nil {
		return
	}
	for i, c := range s.Conditions {
		vals, present := req.lookupLower(c.KeyLower)
		t.conditionEvent(s, i, false, vals, present, fUntested)
	}
}

// keyLookup is a condition key's entry in the request (nil when absent),
// looked up for the table of generation gen.
type keyLookup struct {
	e   *ctxEntry
	gen uint32
}

// lookupKey is the request's value of key k of table tab: the statements
// of a policy test the same keys again and again, and the first keys of
// the policy's table are looked up once.
func (t *Trace) lookupKey(req *Prepared, tab *policy.Table, k uint32) ([]string, bool) {
	if int(k) >= len(t.keyVals) {
		return req.lookupLower(tab.Keys[k])
	}
	if t.keyTable != tab {
		// A new generation: the entries of the last table are stale.
		t.keyTable = tab
		if t.keyGen++; t.keyGen == 0 {
			clear(t.keyVals[:]) // wrapped round: no entry may pass for current
			t.keyGen = 1
		}
	}
	l := &t.keyVals[k]
	if l.gen != t.keyGen {
		l.e, l.gen = req.keys[tab.Keys[k]], t.keyGen
	}
	if l.e == nil {
		return nil, false
	}
	return l.e.values, true
}

// reasonOf is r.Reason(), made once per trace.
func (t *Trace) reasonOf(r *Result) string {
	if t.reason == "" {
		t.reason = r.Reason()
	}
	return t.reason
}
