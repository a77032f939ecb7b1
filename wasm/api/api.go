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
	gen    int            // the page evaluation's number (AppendEvaluatePage)
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
	resp := evaluate(input, &trace)
	w := writer{jsonw.Writer{B: dst}}
	w.response(&resp, false)
	return w.B
}

// AppendEvaluatePage is AppendEvaluate for the playground's own trace
// view: the tree is folded (engine.Tree.AppendJSONFolded), and the answer
// carries "gen", the number of this evaluation, with which AppendChildren
// gives a folded statement's children as long as no later page
// evaluation replaced it. Other evaluations (AppendEvaluate: exercises,
// warm-up) do not replace it.
func AppendEvaluatePage(dst, input []byte) []byte {
	mu.Lock()
	defer mu.Unlock()
	resp := evaluate(input, &pageTrace)
	if resp.Report != nil {
		pageGen++
		pageTree = pageTrace.Tree()
	}
	resp.gen = pageGen
	w := writer{jsonw.Writer{B: dst}}
	w.response(&resp, true)
	return w.B
}

// AppendChildren appends, as a JSON array, the children of item of the
// page evaluation gen's tree: what a folded statement left out. A gen
// that is no longer the page's last gives null.
func AppendChildren(dst []byte, gen, item int) []byte {
	mu.Lock()
	defer mu.Unlock()
	if gen != pageGen || pageTree == nil {
		return append(dst, "null"...)
	}
	return pageTree.AppendChildrenJSON(dst, item)
}

// parser remembers the policies of the previous call: on a keystroke only
// the edited policy is parsed again, however long the others are. trace is
// the previous call's trace, whose memory the next evaluation reuses once
// its answer is written. mu serializes calls.
var (
	mu     sync.Mutex
	parser engine.Parser
	trace  *engine.Trace
	// The page's evaluations keep a trace of their own, whose tree the
	// page unfolds from (AppendEvaluatePage), and its number.
	pageTrace *engine.Trace
	pageTree  *engine.Tree
	pageGen   int
)

// evaluate evaluates input, reusing the memory of *prev, and leaves its
// trace in *prev.
func evaluate(input []byte, prev **engine.Trace) (resp Response) {
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
	if prev == &pageTrace {
		pageTree = nil // its trace's memory is about to be reused
	}
	res := engine.Evaluate(&in.Policies, req, engine.Options{Trace: true, Reuse: *prev})
	*prev = res.Trace
	rep := res.Report()
	resp.Report = &rep
	return resp
}
