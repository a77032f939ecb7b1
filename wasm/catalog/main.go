// Command catalog writes the scenario catalog the playground lists, as
// JSON, for the site build:
//
//	go run ./wasm/catalog -o dist/play/scenarios.json
//
// The catalog is a static file beside engine.wasm rather than a function of
// the module: it needs encoding/json and the scenario worlds, which would
// make the module much larger, and the page fetches both in parallel.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/scenarios"
)

// Catalog is the file's content.
type Catalog struct {
	// Engine is the engine version the catalog was built with.
	Engine    string     `json:"engine"`
	Scenarios []Scenario `json:"scenarios"`
}

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
}

func main() {
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	b, err := build()
	if err == nil {
		if *out == "-" {
			_, err = os.Stdout.Write(b)
		} else {
			err = os.WriteFile(*out, b, 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}

// build returns the catalog as JSON.
func build() ([]byte, error) {
	entries, err := scenarios.Catalog()
	if err != nil {
		return nil, err
	}
	c := Catalog{Engine: engine.Version, Scenarios: []Scenario{}}
	for _, e := range entries {
		sc := Scenario{ID: e.ID, Title: e.Title, Summary: e.Summary, Explanation: e.Explanation, Tags: e.Tags, Requests: []Request{}}
		if sc.Tags == nil {
			sc.Tags = []string{}
		}
		for _, r := range e.Requests {
			sc.Requests = append(sc.Requests, Request{Name: r.Name, Description: r.Description, Expect: r.Expect,
				Input: r.Input, Steps: r.Steps, Refused: r.Refused})
		}
		c.Scenarios = append(c.Scenarios, sc)
	}
	return json.Marshal(c)
}
