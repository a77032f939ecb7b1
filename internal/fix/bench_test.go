package fix

import (
	"os"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

func scenarioStep(b *testing.B, file, request string) (*engine.Policies, engine.Request) {
	src, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	s, errs := world.Parse(file, src)
	if errs.HasErrors() {
		b.Fatal(errs)
	}
	o := s.Evaluate(s.Request(request), engine.Options{})
	st := o.Steps[o.Decider]
	return st.Policies, st.Request
}

// BenchmarkSuggest is the time to the suggestions (all of them, checked)
// for a denied request: a trust policy that does not name the caller, and
// the engine's layered benchmark input (SCP levels, boundary, session).
func BenchmarkSuggest(b *testing.B) {
	cat := catalog.Load()
	b.Run("trust", func(b *testing.B) {
		pols, req := scenarioStep(b, "../../scenarios/21-troubleshoot-assume-role.json", "trust-does-not-name-caller")
		b.ReportAllocs()
		for b.Loop() {
			Suggest(pols, req, cat)
		}
	})
	b.Run("layered", func(b *testing.B) {
		src, _ := os.ReadFile("../../engine/testdata/bench/layered.json")
		in, errs := engine.ParseInput("layered", src)
		if errs.HasErrors() {
			b.Fatal(errs)
		}
		b.ReportAllocs()
		for b.Loop() {
			Suggest(&in.Policies, in.Request, cat)
		}
	})
	b.Run("whynot", func(b *testing.B) {
		pols, req := scenarioStep(b, "../../scenarios/21-troubleshoot-assume-role.json", "trust-does-not-name-caller")
		for b.Loop() {
			WhyNot(pols, req)
		}
	})
}
