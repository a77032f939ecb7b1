package api

import (
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
	req, _ := engine.Prepare(in.Request)
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
			w := writer{b: buf[:0]}
			w.response(&resp)
			buf = w.b
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
}
