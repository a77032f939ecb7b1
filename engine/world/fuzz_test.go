package world

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// FuzzParseWorld checks that no input makes Parse or Evaluate panic, and
// that a parsed scenario always has requests that evaluate to a decision
// with at least one step. Seeds: the test world, the scenario library and
// the error-test base.
func FuzzParseWorld(f *testing.F) {
	f.Add([]byte(base))
	paths, _ := filepath.Glob("../../scenarios/*.json")
	paths = append(paths, "testdata/world.json")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"world": {"accounts": [{"id": "111111111111"}]}, "requests": [{}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, errs := Parse("fuzz.json", src)
		if s == nil {
			if !errs.HasErrors() {
				t.Fatal("no scenario and no error")
			}
			return
		}
		if errs.HasErrors() {
			t.Fatal("a scenario returned together with errors")
		}
		if len(s.Requests) == 0 {
			t.Fatal("a parsed scenario with no requests")
		}
		for _, r := range s.Requests {
			o := s.Evaluate(r, engine.Options{Trace: true})
			if len(o.Steps) == 0 || o.Decider >= len(o.Steps) {
				t.Fatalf("request %s: %d steps, decider %d", r.Name, len(o.Steps), o.Decider)
			}
		}
	})
}
