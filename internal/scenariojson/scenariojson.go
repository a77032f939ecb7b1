// Package scenariojson is the JSON form of a scenario of the library
// (scenarios.Entry) that the playground's catalog (wasm/catalog) and the
// HTTP API (internal/web, GET /api/scenarios/{id}) both give, so that the
// two cannot drift apart.
package scenariojson

import (
	"encoding/json"
	"fmt"

	"github.com/iamplayground/iamplay/scenarios"
)

// Scenario is one scenario as the page lists it.
type Scenario struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	Explanation string    `json:"explanation"` // Markdown
	Tags        []string  `json:"tags"`
	Requests    []Request `json:"requests"`
}

// Request is one named request of a scenario; Input is a flat evaluation
// input with policies as named string documents.
type Request struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Expect      string          `json:"expect"`
	Input       json.RawMessage `json:"input"`
	// Steps explains sign-in and assume steps made before the request.
	Steps []string `json:"steps,omitempty"`
	// Refused is set when AWS refuses a step although the policies allow
	// it: Input then evaluates to "allowed" while Expect says otherwise.
	Refused bool `json:"refused,omitempty"`
	// NotSent, with the reason, is set when the request is never sent (the
	// SDK found no credentials): Input is only the call that was meant.
	NotSent string `json:"notSent,omitempty"`
}

// FromEntry converts a library entry. Each request's input goes through
// input, which may rewrite it (the catalog shares policy texts between
// requests); nil keeps it as it is.
func FromEntry(e scenarios.Entry, input func(json.RawMessage) (json.RawMessage, error)) (Scenario, error) {
	sc := Scenario{ID: e.ID, Title: e.Title, Summary: e.Summary, Explanation: e.Explanation, Tags: e.Tags, Requests: []Request{}}
	if sc.Tags == nil {
		sc.Tags = []string{}
	}
	for _, r := range e.Requests {
		in := r.Input
		if input != nil {
			var err error
			if in, err = input(in); err != nil {
				return sc, fmt.Errorf("scenario %s, request %s: %w", e.ID, r.Name, err)
			}
		}
		sc.Requests = append(sc.Requests, Request{Name: r.Name, Description: r.Description, Expect: r.Expect,
			Input: in, Steps: r.Steps, Refused: r.Refused, NotSent: r.NotSent})
	}
	return sc, nil
}
