package interop

import (
	"encoding/json"
	"errors"

	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/internal/whocan"
	"github.com/iamplayground/iamplay/scenarios"
)

// principalsOf: {"world": TEXT} → the ARNs a request can be asked of.
func principalsOf(arg []byte) (any, error) {
	var a struct{ World string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	s, errs := world.Parse("world", []byte(a.World))
	if errs.HasErrors() {
		return nil, errs
	}
	return whocan.Principals(s.World, whocan.Options{Roots: true}), nil
}

// ask: {"world": TEXT, "principal", "action", "resource"} → the request
// evaluated step by step, and the flat input of its deciding step to open
// in the playground (scenarios.Input, as the library's requests are).
func ask(arg []byte) (any, error) {
	var a struct{ World, Principal, Action, Resource string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	s, errs := world.Parse("world", []byte(a.World))
	if errs.HasErrors() {
		return nil, errs
	}
	o, ok := whocan.One(s, a.Principal, a.Action, a.Resource, whocan.Options{})
	if !ok {
		return nil, errors.New("no principal " + a.Principal + " in the world")
	}
	st := o.Steps[o.Decider]
	res := struct {
		Report evaluate.ScenarioReport `json:"report"`
		Input  json.RawMessage         `json:"input,omitempty"`
	}{Report: evaluate.Report(o)}
	if st.Policies != nil {
		in, err := scenarios.Input("", "", st, false, 0)
		if err != nil {
			return nil, err
		}
		res.Input = in
	}
	return res, nil
}
