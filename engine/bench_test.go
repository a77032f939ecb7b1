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

var benchShapes = []string{"simple", "conditions", "layered"}

func TestBenchInputsDecide(t *testing.T) {
	for _, name := range benchShapes {
		in, req := loadBench(t, name)
		res := Evaluate(&in.Policies, req, Options{Trace: true})
		if !in.HasExpect || res.Decision != in.Expect {
			t.Errorf("%s: decision %v, want %v (%s)", name, res.Decision, in.Expect, res.Reason())
		}
	}
}

// BenchmarkShapes measures, for each shape, what each caller pays:
//
//	decide    the decision alone (Options{}), what a policy check costs
//	trace     the decision with the event log
//	tree      the decision, the log and the report with its trace tree
//	keystroke tree, reusing the previous evaluation's trace, as the page
//	          does on every keystroke (wasm/api)
//	json      tree, then the report as JSON (Report.AppendJSON), as the
//	          page and iamplay eval --trace write it; the report's text is
//	          written here, so this is what a whole answer costs
//
// Besides ns/op (wall time) each reports cpu-ns/op, the CPU time of the
// benchmark's thread, which a busy machine disturbs less. Run with: make
// bench (one core, -cpu 1).
func BenchmarkShapes(b *testing.B) {
	for _, name := range benchShapes {
		in, req := loadBench(b, name)
		run := func(b *testing.B, opts Options, reuse bool, each func(Result)) {
			b.ReportAllocs()
			var prev *Trace
			defer cpuPerOp(b)()
			for b.Loop() {
				if reuse {
					opts.Reuse = prev
				}
				res := Evaluate(&in.Policies, req, opts)
				if res.Decision != Allowed {
					b.Fatal(res.Reason())
				}
				if each != nil {
					each(res)
				}
				prev = res.Trace
			}
		}
		report := func(r Result) { _ = r.Report() }
		b.Run(name+"/decide", func(b *testing.B) { run(b, Options{}, false, nil) })
		b.Run(name+"/trace", func(b *testing.B) { run(b, Options{Trace: true}, false, nil) })
		b.Run(name+"/tree", func(b *testing.B) { run(b, Options{Trace: true}, false, report) })
		b.Run(name+"/keystroke", func(b *testing.B) { run(b, Options{Trace: true}, true, report) })
		b.Run(name+"/json", func(b *testing.B) {
			var buf []byte
			run(b, Options{Trace: true}, false, func(r Result) {
				rep := r.Report()
				buf = rep.AppendJSON(buf[:0])
			})
		})
	}
}
