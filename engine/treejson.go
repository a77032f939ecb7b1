package engine

import (
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/jsonw"
)

// Root is the whole tree as linked nodes, for a caller that walks it in
// Go. It is built once and kept.
func (tr *Tree) Root() *Node {
	if tr.root != nil {
		return tr.root
	}
	var b textBuf
	b.Grow(tr.textHint())
	tr.root = tr.link(0, &b)
	return tr.root
}

// textHint sizes the buffer for the text the items' labels and notes
// need: most of what an item shows is its request values and constant
// notes, which the buffer does not hold, so about a tenth of the tree's
// estimated size (the three benchmark shapes use 8-13%).
func (tr *Tree) textHint() int { return min(max(256, tr.t.size/8), maxTraceText) }

// link writes item i and its subtree as linked nodes.
func (tr *Tree) link(i int, b *textBuf) *Node {
	s := new(slot)
	tr.fill(i, s, b)
	tr.Children(i, func(c int) { s.node.Children = append(s.node.Children, tr.link(c, b)) })
	return &s.node
}

// MarshalJSON writes the tree as nested nodes, the shape of Node.
func (tr *Tree) MarshalJSON() ([]byte, error) {
	return tr.AppendJSON(nil), nil
}

// AppendJSON appends the tree's JSON to dst: the nested nodes of Node, as
// encoding/json writes them, written from the flat tree without building
// the nodes.
func (tr *Tree) AppendJSON(dst []byte) []byte {
	return tr.appendJSON(dst, false)
}

// AppendJSONFolded is AppendJSON with the statements a reader sees closed
// folded: such a statement's children are left out, and it carries
// "folded", its item number, which AppendChildrenJSON takes. As the
// playground shows them, a statement is open when it applies, when it is
// the deciding statement, or when its policy has at most three; a reader
// opens the others one by one, and most of a large policy's trace is
// never read.
func (tr *Tree) AppendJSONFolded(dst []byte) []byte {
	return tr.appendJSON(dst, true)
}

func (tr *Tree) appendJSON(dst []byte, fold bool) []byte {
	var b textBuf
	b.Grow(tr.textHint())
	w := treeWriter{tr: tr, b: &b, Writer: jsonw.Writer{B: dst}, fold: fold}
	w.item(0, 1)
	return w.B
}

// AppendChildrenJSON appends the children of item i, whole, as a JSON
// array: what a folded statement leaves out. An item the tree does not
// have has none.
func (tr *Tree) AppendChildrenJSON(dst []byte, i int) []byte {
	var b textBuf
	w := treeWriter{tr: tr, b: &b, Writer: jsonw.Writer{B: dst}}
	w.Byte('[')
	if i == 0 || i > 0 && i <= tr.shown && itemOf[tr.t.events[i-1].kind] != kNone {
		w.children(i, tr.childCount(i))
	}
	w.Byte(']')
	return w.B
}

type treeWriter struct {
	jsonw.Writer
	tr   *Tree
	b    *textBuf
	s    slot
	fold bool
}

// item writes item i, one of siblings children.
func (w *treeWriter) item(i, siblings int) {
	w.tr.fill(i, &w.s, w.b)
	w.node(&w.s.node)
	if w.fold && w.tr.kindOf(i) == kStatement && !w.tr.shownOpen(i, siblings) {
		w.Raw(`,"folded":`)
		w.Int(i)
	} else if n := w.tr.childCount(i); n > 0 {
		w.Raw(`,"children":[`)
		w.children(i, n)
		w.Byte(']')
	}
	w.Byte('}')
}

// children writes the n children of item i, separated by commas.
func (w *treeWriter) children(i, n int) {
	k := 0
	w.tr.Children(i, func(c int) {
		if k > 0 {
			w.Byte(',')
		}
		k++
		w.item(c, n)
	})
}

// shownOpen reports whether the playground shows statement i, one of
// siblings, open: it applies, it decided, or there are at most three.
func (tr *Tree) shownOpen(i, siblings int) bool {
	if siblings <= 3 || tr.resultOf(i) == "match" {
		return true
	}
	t := tr.t
	e := &t.events[i-1]
	d := t.result.Deciding
	return t.done && d.Valid() && t.pols[e.pol] == d.Policy && int(e.stmt) == d.Statement.Index
}

// node writes n's fields, leaving its object open for its children.
func (w *treeWriter) node(n *Node) {
	w.Raw(`{"kind":`)
	w.Str(n.Kind)
	w.Key(false, "label")
	w.Str(n.Label)
	w.OptStr("result", n.Result)
	w.OptStr("stage", n.Stage)
	w.OptStr("policy", n.Policy)
	if n.Span != nil {
		w.Key(false, "span")
		WriteSpanJSON(&w.Writer, n.Span)
	}
	w.OptStr("effect", n.Effect)
	w.OptStr("matched", n.Matched)
	w.OptStr("value", n.Value)
	w.OptStr("note", n.Note)
	if c := n.Condition; c != nil {
		w.Raw(`,"condition":{"operator":`)
		w.Str(c.Operator)
		w.Raw(`,"key":`)
		w.Str(c.Key)
		w.Raw(`,"present":`)
		w.Bool(c.Present)
		w.OptStr("origin", c.Origin)
		w.Raw(`,"requestValues":`)
		w.Strs(c.RequestValues)
		w.Raw(`,"policyValues":`)
		w.Strs(c.PolicyValues)
		w.Byte('}')
	}
}

// WriteSpanJSON writes a span as encoding/json writes policy.Span; nil is
// null.
func WriteSpanJSON(w *jsonw.Writer, sp *policy.Span) {
	if sp == nil {
		w.Raw("null")
		return
	}
	w.Raw(`{"start":`)
	writePos(w, sp.Start)
	w.Raw(`,"end":`)
	writePos(w, sp.End)
	w.Byte('}')
}

func writePos(w *jsonw.Writer, p policy.Pos) {
	w.Raw(`{"offset":`)
	w.Int(p.Offset)
	w.Raw(`,"line":`)
	w.Int(p.Line)
	w.Raw(`,"col":`)
	w.Int(p.Col)
	w.Byte('}')
}
