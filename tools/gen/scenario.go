package main

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Scenario is one SecureCart case from the scenario library, as the
// generator needs it. IDs are the library's file stems.
type Scenario struct {
	ID          string
	File        string // where it is written, for messages; defaults to scenarios/ID
	Title       string
	Summary     string
	Explanation string // Markdown
	Tags        []string
	Requests    []ScenarioRequest
}

// ScenarioRequest is one request of a scenario, with its whole evaluation
// input (policies as named string DOCs) and the decision it expects.
type ScenarioRequest struct {
	Name        string
	Description string
	Expect      string
	Input       json.RawMessage
	Steps       []string
	// Refused is set when the world refuses a step although the policies
	// allow it (see package scenarios): Input then evaluates to allowed,
	// and Expect and Steps say why the call fails.
	Refused bool
	// NotSent, with the reason, is set when the request is never sent (the
	// SDK found no credentials): no policy decides it, and Input is only
	// the call that was meant.
	NotSent string
}

// Library loads the scenario library. The real one is package scenarios;
// tests pass fakes.
type Library func() ([]Scenario, error)

// request finds a request by name.
func (s *Scenario) request(name string) (ScenarioRequest, bool) {
	for _, r := range s.Requests {
		if r.Name == name {
			return r, true
		}
	}
	return ScenarioRequest{}, false
}

// requestNames lists the scenario's request names for messages.
func (s *Scenario) requestNames() string {
	if len(s.Requests) == 0 {
		return "none"
	}
	q := make([]string, len(s.Requests))
	for i, r := range s.Requests {
		q[i] = strconv.Quote(r.Name)
	}
	return strings.Join(q, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
