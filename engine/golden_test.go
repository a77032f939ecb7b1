package engine

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestGolden renders the JSON report and the text trace of every input in
// testdata/golden and compares them with the .report.json and .trace.txt
// files beside it. Refresh with: go test ./engine -run TestGolden -update
func TestGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "golden", "*.input.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no golden inputs: %v", err)
	}
	for _, path := range inputs {
		stem := strings.TrimSuffix(path, ".input.json")
		t.Run(filepath.Base(stem), func(t *testing.T) {
			in, req := readInput(t, path)
			res := Evaluate(&in.Policies, req, Options{Trace: true})
			if in.HasExpect && res.Decision != in.Expect {
				t.Errorf("decision %v, input expects %v: %s", res.Decision, in.Expect, res.Reason())
			}
			var js bytes.Buffer
			enc := json.NewEncoder(&js)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(res.Report()); err != nil {
				t.Fatal(err)
			}
			var txt bytes.Buffer
			if err := res.WriteText(&txt); err != nil {
				t.Fatal(err)
			}
			compareGolden(t, stem+".report.json", js.Bytes())
			compareGolden(t, stem+".trace.txt", txt.Bytes())
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) && i < len(wl); i++ {
			if gl[i] != wl[i] {
				t.Fatalf("%s differs at line %d:\n got: %s\nwant: %s\n(run with -update if the change is intended)", path, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("%s differs in length: got %d lines, want %d", path, len(gl), len(wl))
	}
}

// A trace reused through Options.Reuse gives the same report as a fresh one,
// whatever the earlier evaluation was: the golden inputs are evaluated in
// turn, each reusing the previous trace, twice round.
func TestReuseTraceGivesSameReport(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.input.json"))
	if len(inputs) < 2 {
		t.Fatal("need golden inputs")
	}
	var prev *Trace
	for round := range 2 {
		for _, path := range inputs {
			in, req := readInput(t, path)
			fresh, _ := json.Marshal(Evaluate(&in.Policies, req, Options{Trace: true}).Report())
			res := Evaluate(&in.Policies, req, Options{Trace: true, Reuse: prev})
			if prev != nil && res.Trace != prev {
				t.Errorf("%s: the trace was not reused", path)
			}
			reused, _ := json.Marshal(res.Report())
			if !bytes.Equal(fresh, reused) {
				t.Errorf("round %d, %s: report with a reused trace differs:\n%s\nwant\n%s", round, path, reused, fresh)
			}
			prev = res.Trace
		}
	}
}
