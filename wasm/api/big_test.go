package api

import (
	"testing"

	"github.com/iamplayground/iamplay/internal/benchinput"
)

// bigInput is the 100-statement input the browser benchmark types into.
func bigInput() []byte { return benchinput.Input(100) }

func BenchmarkEvaluate100Statements(b *testing.B) {
	in := bigInput()
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}
