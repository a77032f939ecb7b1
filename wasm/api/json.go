package api

import (
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/jsonw"
)

// The browser module must stay small, and encoding/json (with reflect and
// fmt behind it) would add about a quarter of a megabyte, gzipped. The
// answer's shape is fixed, so it is written by hand: the diagnostics here,
// the report by engine.Report.AppendJSON. TestEncodeMatchesJSON checks the
// whole answer against encoding/json, and engine's TestTreeJSONMatchesNodes
// the report and its tree as linked nodes, so a field added to
// engine.Report or engine.Node cannot be silently lost.

type writer struct{ jsonw.Writer }

func (w *writer) span(sp *policy.Span) { engine.WriteSpanJSON(&w.Writer, sp) }

// response writes r; fold folds its trace tree and adds "gen".
func (w *writer) response(r *Response, fold bool) {
	w.Raw(`{"errors":[`)
	for i := range r.Errors {
		if i > 0 {
			w.Byte(',')
		}
		w.diagnostic(&r.Errors[i])
	}
	w.Raw(`],"report":`)
	switch {
	case r.Report == nil:
		w.Raw("null")
	case fold:
		w.B = r.Report.AppendJSONFolded(w.B)
	default:
		w.B = r.Report.AppendJSON(w.B)
	}
	if fold {
		w.Raw(`,"gen":`)
		w.Int(r.gen)
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
