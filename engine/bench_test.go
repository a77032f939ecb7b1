package engine

import (
	"os"
	"path/filepath"
	"testing"
)

// The three shapes of ../shared/bench (copied into testdata/bench): one
// identity statement; twenty statements with IP, date, MFA, tag, set and
// variable conditions; and a cross-account request through identity policy,
// boundary, SCPs at two levels, an RCP and a bucket policy. Policies and
// request are parsed once; the loop measures evaluation alone.
func loadBench(tb testing.TB, name string) (*Input, *Prepared) {
	tb.Helper()
	return readInput(tb, filepath.Join("testdata", "bench", name+".json"))
}

// readInput reads an input file and prepares its request.
func readInput(tb testing.TB, path string) (*Input, *Prepared) {
	tb.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	in, errs := ParseInput(filepath.Base(path), src)
	if errs.HasErrors() {
		tb.Fatal(errs)
	}
	req, err := in.Prepare()
	if err != nil {
		tb.Fatal(err)
	}
	return in, req
}

func TestBenchInputsDecide(t *testing.T) {
	for _, name := range []string{"simple", "conditions", "layered"} {
		in, req := loadBench(t, name)
		res := Evaluate(&in.Policies, req, Options{Trace: true})
		if !in.HasExpect || res.Decision != in.Expect {
			t.Errorf("%s: decision %v, want %v (%s)", name, res.Decision, in.Expect, res.Reason())
		}
	}
}

func benchEval(b *testing.B, name string, trace bool) {
	in, req := loadBench(b, name)
	opts := Options{Trace: trace}
	b.ReportAllocs()
	for b.Loop() {
		res := Evaluate(&in.Policies, req, opts)
		if res.Decision != Allowed {
			b.Fatal(res.Reason())
		}
	}
}

func BenchmarkSimple(b *testing.B)          { benchEval(b, "simple", false) }
func BenchmarkSimpleTrace(b *testing.B)     { benchEval(b, "simple", true) }
func BenchmarkConditions(b *testing.B)      { benchEval(b, "conditions", false) }
func BenchmarkConditionsTrace(b *testing.B) { benchEval(b, "conditions", true) }
func BenchmarkLayered(b *testing.B)         { benchEval(b, "layered", false) }
func BenchmarkLayeredTrace(b *testing.B)    { benchEval(b, "layered", true) }
