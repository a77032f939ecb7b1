package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/iamplayground/iamplay/wasm/api"
)

// TestCatalogEvaluates checks that every request in the catalog the page
// lists evaluates, through the browser module's code, to the decision its
// scenario expects (or, for a refused step, to "allowed": AWS refuses the
// call before policies decide).
func TestCatalogEvaluates(t *testing.T) {
	b, err := build()
	if err != nil {
		t.Fatal(err)
	}
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.Scenarios) == 0 {
		t.Fatal("no scenarios")
	}
	for _, sc := range c.Scenarios {
		if sc.ID == "" || sc.Title == "" || len(sc.Requests) == 0 {
			t.Errorf("scenario %q: missing id, title or requests", sc.ID)
		}
		for _, rq := range sc.Requests {
			var ans struct {
				Errors []api.Diagnostic `json:"errors"`
				Report *struct {
					Decision string `json:"decision"`
				} `json:"report"`
			}
			in, err := inflate(rq.Input, c.Documents)
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(in, []byte(`"$doc"`)) {
				t.Fatalf("%s / %s: a reference was left: %s", sc.ID, rq.Name, in)
			}
			if err := json.Unmarshal(api.Evaluate(in), &ans); err != nil {
				t.Fatal(err)
			}
			if ans.Report == nil {
				t.Errorf("%s / %s: no decision: %+v", sc.ID, rq.Name, ans.Errors)
				continue
			}
			want := rq.Expect
			if rq.Refused {
				want = "allowed"
			}
			if ans.Report.Decision != want {
				t.Errorf("%s / %s: decision %s, want %s", sc.ID, rq.Name, ans.Report.Decision, want)
			}
		}
	}
}

// The site is byte-identical from one build to the next, so the catalog
// must be too: documents are numbered in a fixed order, not a map's.
func TestCatalogIsDeterministic(t *testing.T) {
	first, err := build()
	if err != nil {
		t.Fatal(err)
	}
	for range 5 {
		again, err := build()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("two builds of the catalog differ")
		}
	}
}
