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
	b.Grow(tr.size)
	slots := make([]slot, len(tr.items))
	kids := make([]*Node, len(tr.items))
	used := 0
	for i := range tr.items {
		s := &slots[i]
		tr.fill(i, s, &b)
		start := used
		tr.Children(i, func(c int) {
			kids[used] = &slots[c].node
			used++
		})
		if used > start {
			s.node.Children = kids[start:used:used]
		}
	}
	tr.root = &slots[0].node
	return tr.root
}

// MarshalJSON writes the tree as nested nodes, the shape of Node.
func (tr *Tree) MarshalJSON() ([]byte, error) {
	return tr.AppendJSON(nil), nil
}

// AppendJSON appends the tree's JSON to dst: the nested nodes of Node, as
// encoding/json writes them, written from the flat tree without building
// the nodes.
func (tr *Tree) AppendJSON(dst []byte) []byte {
	var b textBuf
	b.Grow(tr.size)
	w := treeWriter{tr: tr, b: &b, Writer: jsonw.Writer{B: dst}}
	w.item(0)
	return w.B
}

type treeWriter struct {
	jsonw.Writer
	tr *Tree
	b  *textBuf
	s  slot
}

func (w *treeWriter) item(i int) {
	w.tr.fill(i, &w.s, w.b)
	w.node(&w.s.node)
	if end := int(w.tr.items[i].end); end > i+1 {
		w.Raw(`,"children":[`)
		for j := i + 1; j < end; j = int(w.tr.items[j].end) {
			if j > i+1 {
				w.Byte(',')
			}
			w.item(j)
		}
		w.Byte(']')
	}
	w.Byte('}')
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
