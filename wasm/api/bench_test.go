package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// BenchmarkShapes measures the page's path on the engine's three benchmark
// shapes (engine/testdata/bench): json is the traced evaluation, its report
// and trace tree, and the report written as the JSON the page reads, the
// previous trace and buffer reused as on a keystroke; call is the whole
// AppendEvaluate, which also reads the input (the unchanged policies come
// from the parser's memory). Compare with engine's BenchmarkShapes. Run
// with: make bench.
func BenchmarkShapes(b *testing.B) {
	for _, name := range []string{"simple", "conditions", "layered"} {
		src, err := os.ReadFile(filepath.Join("..", "..", "engine", "testdata", "bench", name+".json"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name+"/json", func(b *testing.B) {
			in, errs := engine.ParseInput(name, src)
			if errs.HasErrors() {
				b.Fatal(errs)
			}
			req, err := in.Prepare()
			if err != nil {
				b.Fatal(err)
			}
			var prev *engine.Trace
			var w writer
			b.ReportAllocs()
			for b.Loop() {
				res := engine.Evaluate(&in.Policies, req, engine.Options{Trace: true, Reuse: prev})
				rep := res.Report()
				w.B = w.B[:0]
				w.B = rep.AppendJSON(w.B)
				prev = res.Trace
			}
			b.ReportMetric(float64(len(w.B)), "json-bytes")
		})
		b.Run(name+"/call", func(b *testing.B) {
			var out []byte
			b.ReportAllocs()
			for b.Loop() {
				out = AppendEvaluate(out[:0], src)
			}
			var d answer
			if err := json.Unmarshal(out, &d); err != nil || d.Report == nil || d.Report.Decision != "allowed" {
				b.Fatalf("%s: %v %s", name, err, out)
			}
		})
	}
}
