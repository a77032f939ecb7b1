package api

import (
	"strconv"
	"unicode/utf8"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// The browser module must stay small, and encoding/json (with reflect and
// fmt behind it) would add about a quarter of a megabyte, gzipped. The
// answer's shape is fixed, so it is written by hand here; TestEncodeMatchesJSON
// checks that it decodes to the same value encoding/json produces for the
// same report, so a field added to engine.Report cannot be silently lost.

type writer struct{ b []byte }

func (w *writer) raw(s string) { w.b = append(w.b, s...) }

// key writes `"name":`, preceded by a comma unless first. Names are the
// report's own field names, plain ASCII that needs no escape.
//
//go:noinline
func (w *writer) key(first bool, name string) {
	if !first {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
}

const hex = "0123456789abcdef"

// safe marks the ASCII bytes str copies as they are.
var safe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// str writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, as with
// encoding/json; <, > and & are escaped too, so the text is safe anywhere.
func (w *writer) str(s string) {
	w.b = append(w.b, '"')
	for i := 0; i < len(s); {
		// Copy the run of characters that need no escape in one go.
		j := i
		for j < len(s) && safe[s[j]] {
			j++
		}
		w.b = append(w.b, s[i:j]...)
		if i = j; i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				w.b = append(w.b, '\\', c)
			case c == '\n':
				w.b = append(w.b, '\\', 'n')
			case c == '\r':
				w.b = append(w.b, '\\', 'r')
			case c == '\t':
				w.b = append(w.b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				w.b = append(w.b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				w.b = append(w.b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.raw(`\ufffd`)
		case r == '\u2028':
			w.raw(`\u2028`)
		case r == '\u2029':
			w.raw(`\u2029`)
		default:
			w.b = append(w.b, s[i:i+size]...)
		}
		i += size
	}
	w.b = append(w.b, '"')
}

func (w *writer) int(n int) { w.b = strconv.AppendInt(w.b, int64(n), 10) }

func (w *writer) bool(v bool) { w.b = strconv.AppendBool(w.b, v) }

func (w *writer) strs(list []string) {
	if list == nil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i, s := range list {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.str(s)
	}
	w.b = append(w.b, ']')
}

func (w *writer) pos(p policy.Pos) {
	w.raw(`{"offset":`)
	w.int(p.Offset)
	w.raw(`,"line":`)
	w.int(p.Line)
	w.raw(`,"col":`)
	w.int(p.Col)
	w.b = append(w.b, '}')
}

func (w *writer) span(sp *policy.Span) {
	if sp == nil {
		w.raw("null")
		return
	}
	w.raw(`{"start":`)
	w.pos(sp.Start)
	w.raw(`,"end":`)
	w.pos(sp.End)
	w.b = append(w.b, '}')
}

// optStr writes `,"name":"value"` when value is not empty (omitempty).
func (w *writer) optStr(name, value string) {
	if value != "" {
		w.key(false, name)
		w.str(value)
	}
}

func (w *writer) response(r *Response) {
	w.raw(`{"errors":[`)
	for i := range r.Errors {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.diagnostic(&r.Errors[i])
	}
	w.raw(`],"report":`)
	if r.Report == nil {
		w.raw("null")
	} else {
		w.report(r.Report)
	}
	w.b = append(w.b, '}')
}

func (w *writer) diagnostic(d *Diagnostic) {
	w.raw(`{"policy":`)
	w.str(d.Policy)
	w.optStr("field", d.Field)
	if d.Span != nil {
		w.key(false, "span")
		w.span(d.Span)
	}
	w.key(false, "code")
	w.str(d.Code)
	w.key(false, "message")
	w.str(d.Message)
	w.key(false, "severity")
	w.str(d.Severity)
	w.b = append(w.b, '}')
}

func (w *writer) report(r *engine.Report) {
	w.raw(`{"decision":`)
	w.str(r.Decision.String())
	w.key(false, "reason")
	w.str(r.Reason)
	w.optStr("refusal", r.Refusal)
	if d := r.Deciding; d != nil {
		w.raw(`,"deciding":{"policy":`)
		w.str(d.Policy)
		w.key(false, "type")
		w.str(d.Type.String())
		w.key(false, "statement")
		w.int(d.Statement)
		w.optStr("sid", d.Sid)
		w.key(false, "effect")
		w.str(d.Effect)
		if d.Span != nil {
			w.key(false, "span")
			w.span(d.Span)
		}
		w.b = append(w.b, '}')
	}
	w.key(false, "flow")
	if r.Flow == nil {
		w.raw("null")
	} else {
		w.b = append(w.b, '[')
		for i, s := range r.Flow {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.raw(`{"stage":`)
			w.str(s.Stage)
			w.raw(`,"outcome":`)
			w.str(s.Outcome.String())
			w.b = append(w.b, '}')
		}
		w.b = append(w.b, ']')
	}
	if k := r.Keys; k != nil {
		w.raw(`,"keys":{"given":`)
		w.keyValues(k.Given)
		w.raw(`,"derived":`)
		w.keyValues(k.Derived)
		w.raw(`,"missing":`)
		w.strs(k.Missing)
		w.b = append(w.b, '}')
	}
	if r.Trace != nil {
		w.key(false, "trace")
		w.node(r.Trace)
	}
	w.b = append(w.b, '}')
}

func (w *writer) keyValues(list []engine.KeyValue) {
	if list == nil {
		w.raw("null")
		return
	}
	w.b = append(w.b, '[')
	for i, kv := range list {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.raw(`{"key":`)
		w.str(kv.Key)
		w.raw(`,"values":`)
		w.strs(kv.Values)
		w.optStr("note", kv.Note)
		w.b = append(w.b, '}')
	}
	w.b = append(w.b, ']')
}

func (w *writer) node(n *engine.Node) {
	w.raw(`{"kind":`)
	w.str(n.Kind)
	w.key(false, "label")
	w.str(n.Label)
	w.optStr("result", n.Result)
	w.optStr("stage", n.Stage)
	w.optStr("policy", n.Policy)
	if n.Span != nil {
		w.key(false, "span")
		w.span(n.Span)
	}
	w.optStr("effect", n.Effect)
	w.optStr("matched", n.Matched)
	w.optStr("value", n.Value)
	w.optStr("note", n.Note)
	if c := n.Condition; c != nil {
		w.raw(`,"condition":{"operator":`)
		w.str(c.Operator)
		w.raw(`,"key":`)
		w.str(c.Key)
		w.raw(`,"present":`)
		w.bool(c.Present)
		w.optStr("origin", c.Origin)
		w.raw(`,"requestValues":`)
		w.strs(c.RequestValues)
		w.raw(`,"policyValues":`)
		w.strs(c.PolicyValues)
		w.b = append(w.b, '}')
	}
	if len(n.Children) > 0 {
		w.raw(`,"children":[`)
		for i, c := range n.Children {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.node(c)
		}
		w.b = append(w.b, ']')
	}
	w.b = append(w.b, '}')
}
