package engine

import "github.com/iamplayground/iamplay/internal/jsonw"

// AppendJSON appends the report's JSON to dst, as encoding/json writes a
// Report, written by hand: the page, the CLI and the tests use it, and
// encoding/json would add a quarter of a megabyte to the browser module.
func (r *Report) AppendJSON(dst []byte) []byte {
	w := &reportWriter{Writer: jsonw.Writer{B: dst}}
	w.report(r)
	return w.B
}

// AppendJSONFolded is AppendJSON with the trace tree folded
// (Tree.AppendJSONFolded).
func (r *Report) AppendJSONFolded(dst []byte) []byte {
	w := &reportWriter{Writer: jsonw.Writer{B: dst}, fold: true}
	w.report(r)
	return w.B
}

type reportWriter struct {
	jsonw.Writer
	fold bool
}

func (w *reportWriter) report(r *Report) {
	w.Raw(`{"decision":`)
	w.Str(r.Decision.String())
	w.Key(false, "reason")
	w.Str(r.Reason)
	w.OptStr("refusal", r.Refusal)
	if d := r.Deciding; d != nil {
		w.Raw(`,"deciding":{"policy":`)
		w.Str(d.Policy)
		w.Key(false, "type")
		w.Str(d.Type.String())
		w.Key(false, "statement")
		w.Int(d.Statement)
		w.OptStr("sid", d.Sid)
		w.Key(false, "effect")
		w.Str(d.Effect)
		if d.Span != nil {
			w.Key(false, "span")
			WriteSpanJSON(&w.Writer, d.Span)
		}
		w.Byte('}')
	}
	w.Key(false, "flow")
	if r.Flow == nil {
		w.Raw("null")
	} else {
		w.Byte('[')
		for i, s := range r.Flow {
			if i > 0 {
				w.Byte(',')
			}
			w.Raw(`{"stage":`)
			w.Str(s.Stage.String())
			w.Raw(`,"outcome":`)
			w.Str(s.Outcome.String())
			w.Byte('}')
		}
		w.Byte(']')
	}
	if k := r.Keys; k != nil {
		w.Raw(`,"keys":{"given":`)
		w.keyValues(k.Given)
		w.Raw(`,"derived":`)
		w.keyValues(k.Derived)
		w.Raw(`,"missing":`)
		w.Strs(k.Missing)
		w.Byte('}')
	}
	if r.Trace != nil {
		w.Key(false, "trace")
		w.B = r.Trace.appendJSON(w.B, w.fold)
	}
	w.Byte('}')
}

func (w *reportWriter) keyValues(list []KeyValue) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.Byte('[')
	for i, kv := range list {
		if i > 0 {
			w.Byte(',')
		}
		w.Raw(`{"key":`)
		w.Str(kv.Key)
		w.Raw(`,"values":`)
		w.Strs(kv.Values)
		w.OptStr("note", kv.Note)
		w.Byte('}')
	}
	w.Byte(']')
}
