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
	"maps"
	"os"
	"slices"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/scenarios"
)

// Catalog is the file's content.
type Catalog struct {
	// Engine is the engine version the catalog was built with.
	Engine string `json:"engine"`
	// Documents holds each policy text once. Many requests share the same
	// managed policies, so in the requests' inputs a policy's "document" is
	// {"$doc": N}, the index of its text here; the page puts the text back.
	// This keeps the file a fifth of its size.
	Documents []string                `json:"documents"`
	Scenarios []scenariojson.Scenario `json:"scenarios"`
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
	c := Catalog{Engine: engine.Version, Documents: []string{}, Scenarios: []scenariojson.Scenario{}}
	index := map[string]int{}
	share := func(in json.RawMessage) (json.RawMessage, error) { return shareDocuments(in, &c.Documents, index) }
	for _, e := range entries {
		sc, err := scenariojson.FromEntry(e, share)
		if err != nil {
			return nil, err
		}
		c.Scenarios = append(c.Scenarios, sc)
	}
	return json.Marshal(c)
}

// namedDoc is a policy of a flat input: {"name", "document"}.
type namedDoc struct {
	Name     string          `json:"name"`
	Document json.RawMessage `json:"document"`
}

// docRef replaces a document text in the catalog.
type docRef struct {
	Doc int `json:"$doc"`
}

// shareDocuments returns the input with each string document replaced by
// a reference into docs (see Catalog.Documents).
func shareDocuments(input json.RawMessage, docs *[]string, index map[string]int) (json.RawMessage, error) {
	var in map[string]json.RawMessage
	if err := json.Unmarshal(input, &in); err != nil {
		return nil, err
	}
	var pols map[string]json.RawMessage
	if err := json.Unmarshal(in["policies"], &pols); err != nil {
		return nil, fmt.Errorf("policies: %w", err)
	}
	ref := func(d *namedDoc) error {
		var text string
		if err := json.Unmarshal(d.Document, &text); err != nil {
			return nil // an object document stays as it is
		}
		i, ok := index[text]
		if !ok {
			i = len(*docs)
			index[text] = i
			*docs = append(*docs, text)
		}
		b, err := json.Marshal(docRef{i})
		d.Document = b
		return err
	}
	// In a fixed order, so that documents are numbered the same way on every
	// build (the site is byte-identical from one build to the next).
	for _, key := range slices.Sorted(maps.Keys(pols)) {
		raw := pols[key]
		if string(raw) == "null" {
			continue
		}
		var out any
		switch key {
		case "identity":
			var list []namedDoc
			if err := json.Unmarshal(raw, &list); err != nil {
				return nil, fmt.Errorf("policies.%s: %w", key, err)
			}
			for i := range list {
				if err := ref(&list[i]); err != nil {
					return nil, err
				}
			}
			out = list
		case "scp", "rcp":
			var levels [][]namedDoc
			if err := json.Unmarshal(raw, &levels); err != nil {
				return nil, fmt.Errorf("policies.%s: %w", key, err)
			}
			for _, lvl := range levels {
				for i := range lvl {
					if err := ref(&lvl[i]); err != nil {
						return nil, err
					}
				}
			}
			out = levels
		default:
			var d namedDoc
			if err := json.Unmarshal(raw, &d); err != nil {
				return nil, fmt.Errorf("policies.%s: %w", key, err)
			}
			if err := ref(&d); err != nil {
				return nil, err
			}
			out = d
		}
		b, err := json.Marshal(out)
		if err != nil {
			return nil, err
		}
		pols[key] = b
	}
	b, err := json.Marshal(pols)
	if err != nil {
		return nil, err
	}
	in["policies"] = b
	return json.Marshal(in)
}

// inflate puts the shared documents back into an input: the inverse of
// shareDocuments, as the page does it.
func inflate(input json.RawMessage, docs []string) (json.RawMessage, error) {
	var v any
	if err := json.Unmarshal(input, &v); err != nil {
		return nil, err
	}
	var walk func(any) any
	walk = func(x any) any {
		switch t := x.(type) {
		case map[string]any:
			if n, ok := t["$doc"].(float64); ok && len(t) == 1 && int(n) >= 0 && int(n) < len(docs) {
				return docs[int(n)]
			}
			for k, e := range t {
				t[k] = walk(e)
			}
		case []any:
			for i, e := range t {
				t[i] = walk(e)
			}
		}
		return x
	}
	return json.Marshal(walk(v))
}
