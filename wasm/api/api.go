// Package api is the browser module's logic without the browser: it turns a
// flat evaluation input (JSON) into the JSON answer the playground draws.
// It does not import encoding/json, which would grow the module by a
// quarter; see json.go. The js/wasm layer in the parent directory only
// moves strings between JavaScript and these functions, so everything here
// is tested natively.
package api

import (
	"strings"
	"sync"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/jsonw"
)

// Version is the engine version share links are stamped with.
const Version = engine.Version

// Diagnostic is one problem with the input, located for the editor: a
// policy problem names the policy (by its display name, the name of the
// editor that holds it) and a span in that policy's text; a request problem
// names the request field instead.
type Diagnostic struct {
	Policy   string       `json:"policy"`
	Field    string       `json:"field,omitempty"`
	Span     *policy.Span `json:"span,omitempty"`
	Code     string       `json:"code"`
	Message  string       `json:"message"`
	Severity string       `json:"severity"`
}

// Response is the answer to Evaluate. Report is null when the input has
// errors: AWS refuses an invalid policy, so there is no decision to show.
type Response struct {
	Errors []Diagnostic   `json:"errors"`
	Report *engine.Report `json:"report"`
}

// Evaluate parses a flat input (see engine.ParseInput; policies given as
// {"name", "document": "<JSON text>"} so spans are relative to each
// editor's text), evaluates it with a trace and returns the Response as
// JSON. It never fails: a problem becomes a diagnostic, and an internal
// panic becomes an "internal" diagnostic rather than a dead page.
func Evaluate(input []byte) []byte {
	return AppendEvaluate(nil, input)
}

// AppendEvaluate is Evaluate appending the answer to dst, so that a caller
// evaluating on every keystroke can reuse one buffer. It keeps no reference
// to input, so the caller may reuse that buffer too.
func AppendEvaluate(dst, input []byte) []byte {
	mu.Lock()
	defer mu.Unlock()
	resp := evaluate(input)
	w := writer{jsonw.Writer{B: dst}}
	w.response(&resp)
	return w.B
}

// parser remembers the policies of the previous call: on a keystroke only
// the edited policy is parsed again, however long the others are. trace is
// the previous call's trace, whose memory the next evaluation reuses once
// its answer is written. mu serializes calls.
var (
	mu     sync.Mutex
	parser engine.Parser
	trace  *engine.Trace
)

func evaluate(input []byte) (resp Response) {
	resp.Errors = []Diagnostic{}
	defer func() {
		if r := recover(); r != nil {
			resp.Report = nil
			resp.Errors = append(resp.Errors, Diagnostic{Code: "internal", Severity: "error",
				Message: "the engine failed on this input; please report it with a share link"})
		}
	}()
	in, errs := parser.ParseInput("", input)
	for _, e := range errs {
		d := Diagnostic{Policy: e.Policy, Code: e.Code, Message: e.Msg, Severity: e.Severity.String()}
		if field, ok := strings.CutPrefix(e.Code, "request."); ok && e.Policy == "" {
			// A request problem belongs to its form field; its position is
			// in the JSON the page built, which the reader never sees.
			d.Field = field
		} else if e.Span.Start.IsValid() {
			sp := e.Span
			d.Span = &sp
		}
		resp.Errors = append(resp.Errors, d)
	}
	if errs.HasErrors() || in == nil {
		return resp
	}
	req, err := in.Prepare() // already checked by ParseInput
	if err != nil {
		resp.Errors = append(resp.Errors, Diagnostic{Code: "request.invalid", Message: err.Error(), Severity: "error"})
		return resp
	}
	res := engine.Evaluate(&in.Policies, req, engine.Options{Trace: true, Reuse: trace})
	trace = res.Trace
	rep := res.Report()
	resp.Report = &rep
	return resp
}
