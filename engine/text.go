package engine

// textRef names a text a trace event shows. The engine's own labels and
// reasons are static, known before any evaluation, and have negative
// references, so recording them writes no string into the trace; a text
// made during an evaluation (one naming the principal's kind, a policy
// type's title) is kept in the trace's strings.
type textRef int32

// staticTexts holds the static texts, in the order static made them.
var staticTexts []string

// static registers a static text; it is called when the package's
// variables are set.
func static(s string) textRef {
	staticTexts = append(staticTexts, s)
	return textRef(-len(staticTexts))
}

// text is the text r names.
func (t *Trace) text(r textRef) string {
	if r < 0 {
		return staticTexts[-r-1]
	}
	return t.strs[r]
}

// dyn keeps a text made during the evaluation and names it. It may be
// called on a nil trace, which keeps nothing.
func (t *Trace) dyn(s string) textRef {
	if t == nil {
		return 0
	}
	t.strs = append(t.strs, s)
	return textRef(len(t.strs) - 1)
}
