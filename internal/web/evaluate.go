package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/scenarios"
)

// inputName labels the problems of an evaluation input: its positions are
// in the request body.
const inputName = "input"

// Evaluation is the answer to an evaluation input: the engine's report, as
// `iamplay eval` prints it, and the input's warnings.
type Evaluation struct {
	*engine.Report
	Warnings policy.ErrorList `json:"warnings,omitempty"`
}

// scenarioCall is the other form of evaluation request: a request of the
// scenario library, by scenario ID and request name.
type scenarioCall struct {
	Scenario json.RawMessage `json:"scenario"`
	Request  json.RawMessage `json:"request"`
}

// evaluate is POST /api/evaluate. ?trace=0 leaves the trace (and the
// context keys it records) out.
func (h *handler) evaluate(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	opts := engine.Options{Trace: r.URL.Query().Get("trace") != "0"}
	w.Header().Set("Cache-Control", "no-store")
	var call scenarioCall
	if json.Unmarshal(body, &call) == nil && call.Scenario != nil {
		h.evaluateScenario(w, body, &call, opts)
		return
	}
	res, errs := evaluate.Input(inputName, body, opts)
	if res == nil {
		writeError(w, inputStatus(errs), inputError(errs))
		return
	}
	rep := res.Report()
	writeJSON(w, http.StatusOK, Evaluation{Report: &rep, Warnings: errs})
}

// inputStatus is 400 when the body is not JSON, else 422: JSON that is not
// a valid input.
func inputStatus(errs policy.ErrorList) int {
	for _, e := range errs {
		if e.Policy == inputName && strings.HasPrefix(e.Code, "json.") {
			return http.StatusBadRequest
		}
	}
	return http.StatusUnprocessableEntity
}

// inputError sums up an input's problems: the first error, with its
// position when that is in the body, and the whole list.
func inputError(errs policy.ErrorList) *Error {
	e := &Error{Code: "input.invalid", Message: "the input is not valid", Errors: errs}
	for _, p := range errs {
		if p.Severity != policy.SevError {
			continue
		}
		e.Code, e.Message = p.Code, p.Error()
		if p.Policy == inputName && p.Span.Start.IsValid() {
			e.Line, e.Column = p.Span.Start.Line, p.Span.Start.Col
		}
		break
	}
	n := 0
	for _, p := range errs {
		if p.Severity == policy.SevError {
			n++
		}
	}
	if n > 1 {
		e.Message += " (and " + strconv.Itoa(n-1) + " more)"
	}
	return e
}

// evaluateScenario evaluates a request of the scenario library.
func (h *handler) evaluateScenario(w http.ResponseWriter, body []byte, call *scenarioCall, opts engine.Options) {
	var id, name string
	if err := json.Unmarshal(call.Scenario, &id); err != nil || id == "" {
		writeError(w, http.StatusUnprocessableEntity, fieldError(body, "scenario", "\"scenario\" must be a scenario ID, such as \"01-developer-access-identity-center\""))
		return
	}
	if err := json.Unmarshal(call.Request, &name); err != nil {
		writeError(w, http.StatusUnprocessableEntity, fieldError(body, "request", "\"request\" must be the name of one of the scenario's requests"))
		return
	}
	s, err := loadScenario(id)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, &Error{Code: "scenario.unknown", Message: err.Error()})
		return
	}
	o, ok := evaluate.Scenario(s, name, opts)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, &Error{Code: "request.unknown",
			Message: "scenario " + id + " has no request " + strconv.Quote(name) + "; it has " + quoteList(evaluate.RequestNames(s))})
		return
	}
	writeJSON(w, http.StatusOK, evaluate.Report(o))
}

// fieldError is a problem with a field of the body, placed at the field.
func fieldError(body []byte, field, msg string) *Error {
	e := &Error{Code: "request." + field, Message: msg}
	if i := strings.Index(string(body), `"`+field+`"`); i >= 0 {
		p := policy.NewSource("", string(body)).Pos(i)
		e.Line, e.Column = p.Line, p.Col
	}
	return e
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// scenarioCount is how many scenarios the library holds, without parsing
// them.
func scenarioCount() int {
	n, _ := scenarios.FS.ReadDir(".")
	return len(n)
}
