// Package evaluate is the one path from a user's input to a decision that
// the CLI (iamplay eval) and the HTTP API (internal/web) share: a flat
// input read by engine.ParseInput, or a named request of a scenario
// evaluated against its world, step by step.
package evaluate

import (
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// Input parses a flat evaluation input (engine.ParseInput; name labels the
// problems) and evaluates it. The result is nil when the input has
// errors; the list holds its problems, warnings included, with positions.
func Input(name string, src []byte, opts engine.Options) (*engine.Result, policy.ErrorList) {
	in, errs := engine.ParseInput(name, src)
	if errs.HasErrors() || in == nil {
		return nil, errs
	}
	req, err := in.Prepare()
	if err != nil {
		errs.Add(&policy.Error{Policy: name, Code: "request.invalid", Msg: err.Error(), Severity: policy.SevError})
		return nil, errs
	}
	res := engine.Evaluate(&in.Policies, req, opts)
	return &res, errs
}

// StepReport is one step of a scenario request: a sign-in, an
// sts:AssumeRole call or the request itself, with the engine's report when
// the engine evaluated it.
type StepReport struct {
	Kind     string         `json:"kind"`
	Label    string         `json:"label"`
	Decision string         `json:"decision"`
	Note     string         `json:"note,omitempty"`
	Result   *engine.Report `json:"result,omitempty"`
}

// ScenarioReport is a scenario request evaluated step by step, as
// `iamplay eval --scenario` prints it and POST /api/evaluate answers it.
type ScenarioReport struct {
	Request  string       `json:"request"`
	Decision string       `json:"decision"`
	Expect   string       `json:"expect"`
	Steps    []StepReport `json:"steps"`
}

// Scenario evaluates the named request of a scenario. ok is false when the
// scenario has no such request.
func Scenario(s *world.Scenario, request string, opts engine.Options) (o *world.Outcome, ok bool) {
	req := s.Request(request)
	if req == nil {
		return nil, false
	}
	return s.Evaluate(req, opts), true
}

// Report converts an outcome to its JSON form.
func Report(o *world.Outcome) ScenarioReport {
	rep := ScenarioReport{Request: o.Request.Name, Decision: o.Decision.String(), Expect: o.Request.Expect.String(),
		Steps: []StepReport{}}
	for _, st := range o.Steps {
		sr := StepReport{Kind: st.Kind.String(), Label: st.Label, Decision: st.Decision.String(), Note: st.Note}
		if st.Result != nil {
			r := st.Result.Report()
			sr.Result = &r
		}
		rep.Steps = append(rep.Steps, sr)
	}
	return rep
}

// RequestNames lists the names of a scenario's requests, for messages that
// say which ones exist.
func RequestNames(s *world.Scenario) []string {
	names := make([]string, 0, len(s.Requests))
	for _, r := range s.Requests {
		names = append(names, r.Name)
	}
	return names
}
