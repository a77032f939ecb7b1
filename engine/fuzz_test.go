package engine

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzEvaluate feeds arbitrary inputs through the whole engine: whatever
// ParseInput accepts must evaluate without panicking, decide the same with
// and without the trace, render to JSON and text, and decide and render
// the same with its policies' tables and without (row.go).
func FuzzEvaluate(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.input.json"))
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	for _, c := range evalCases {
		f.Add([]byte(c.input()))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		in, errs := ParseInput("f.json", src)
		if in == nil || errs.HasErrors() {
			return
		}
		req, err := in.Prepare()
		if err != nil {
			return
		}
		plain := Evaluate(&in.Policies, req, Options{})
		traced := Evaluate(&in.Policies, req, Options{Trace: true})
		if plain.Decision != traced.Decision || plain.Reason() != traced.Reason() {
			t.Fatalf("trace changed the decision: %v (%s) vs %v (%s)", plain.Decision, plain.Reason(), traced.Decision, traced.Reason())
		}
		if plain.Decision == Allowed && !plain.Deciding.Valid() && plain.Why != WhyRoot {
			t.Fatalf("allowed without a deciding statement: %s", plain.Reason())
		}
		rep := traced.Report()
		if rep.Trace == nil || rep.Keys == nil || len(rep.Flow) != int(numStages) {
			t.Fatalf("incomplete report: %+v", rep)
		}
		if err := traced.WriteText(io.Discard); err != nil {
			t.Fatal(err)
		}
		checkTree(t, traced.Trace)
		sameWithoutTables(t, "input", in, req)
	})
}
