package api

import (
	"github.com/iamplayground/iamplay/internal/jsonw"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// The stages of one keystroke's evaluation, measured apart.
func BenchmarkStages100Statements(b *testing.B) {
	input := bigInput()
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			engine.ParseInput("", input)
		}
	})
	in, _ := engine.ParseInput("", input)
	req, _ := in.Prepare()
	b.Run("evaluate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			engine.Evaluate(&in.Policies, req, engine.Options{Trace: true})
		}
	})
	b.Run("report", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			res := engine.Evaluate(&in.Policies, req, engine.Options{Trace: true})
			res.Report()
		}
	})
	b.Run("write", func(b *testing.B) {
		res := engine.Evaluate(&in.Policies, req, engine.Options{Trace: true})
		rep := res.Report()
		resp := Response{Report: &rep, Errors: []Diagnostic{}}
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			w := writer{jsonw.Writer{B: buf[:0]}}
			w.response(&resp, false)
			buf = w.B
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
}

// A keystroke: the same 100-statement policy with one statement changed,
// evaluated by the module's remembering parser into a reused buffer, as
// the page asks for it (folded) and as an exercise does (whole).
func BenchmarkKeystroke100Statements(b *testing.B) {
	inputs := [2][]byte{bigInput(), []byte(strings.Replace(string(bigInput()), "Statement50", "Statement50x", 1))}
	for _, c := range []struct {
		name string
		eval func(dst, input []byte) []byte
	}{{"page", AppendEvaluatePage}, {"whole", AppendEvaluate}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			var buf []byte // reused, as the module does
			for b.Loop() {
				buf = c.eval(buf[:0], inputs[i%2])
				i++
			}
			b.ReportMetric(float64(len(buf)), "bytes")
		})
	}
}

// The module reuses its input buffer between calls: what the remembering
// parser keeps must not point into it.
func TestAppendEvaluateKeepsNoReferenceToInput(t *testing.T) {
	input := bigInput()
	want := string(Evaluate(input))
	buf := append([]byte(nil), input...)
	first := string(AppendEvaluate(nil, buf))
	for i := range buf {
		buf[i] = 'x' // what a reused buffer would hold by the next call
	}
	again := string(AppendEvaluate(nil, append([]byte(nil), input...)))
	if first != want || again != want {
		t.Errorf("answers differ once the input buffer is overwritten:\nfirst %.200s\nagain %.200s\nwant  %.200s", first, again, want)
	}
}
