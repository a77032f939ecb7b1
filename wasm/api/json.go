package api

import (
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/jsonw"
)

// The browser module must stay small, and encoding/json (with reflect and
// fmt behind it) would add about a quarter of a megabyte, gzipped. The
// answer's shape is fixed, so it is written by hand here; TestEncodeMatchesJSON
// checks that it decodes to the same value encoding/json produces for the
// same report, so a field added to engine.Report cannot be silently lost.

type writer struct{ jsonw.Writer }

func (w *writer) span(sp *policy.Span) { engine.WriteSpanJSON(&w.Writer, sp) }

func (w *writer) response(r *Response) {
	w.Raw(`{"errors":[`)
	for i := range r.Errors {
		if i > 0 {
			w.Byte(',')
		}
		w.diagnostic(&r.Errors[i])
	}
	w.Raw(`],"report":`)
	if r.Report == nil {
		w.Raw("null")
	} else {
		w.report(r.Report)
	}
	w.Byte('}')
}

func (w *writer) diagnostic(d *Diagnostic) {
	w.Raw(`{"policy":`)
	w.Str(d.Policy)
	w.OptStr("field", d.Field)
	if d.Span != nil {
		w.Key(false, "span")
		w.span(d.Span)
	}
	w.Key(false, "code")
	w.Str(d.Code)
	w.Key(false, "message")
	w.Str(d.Message)
	w.Key(false, "severity")
	w.Str(d.Severity)
	w.Byte('}')
}

func (w *writer) report(r *engine.Report) {
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
			w.span(d.Span)
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
			w.Str(s.Stage)
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
		w.B = r.Trace.AppendJSON(w.B)
	}
	w.Byte('}')
}

func (w *writer) keyValues(list []engine.KeyValue) {
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
