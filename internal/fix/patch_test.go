package fix

import (
	"os"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

// TestPatchFlipsTheScenario applies every fix that can be placed in the
// scenario file itself, reads the patched file as the playground would and
// checks that the request's deciding step flipped (scenario 21, "How to
// troubleshoot assume role", and scenario 12's SCP guardrail).
func TestPatchFlipsTheScenario(t *testing.T) {
	cat := catalog.Load()
	patched := 0
	for _, c := range []struct{ file, request string }{
		{"../../scenarios/21-troubleshoot-assume-role.json", "trust-does-not-name-caller"},
		{"../../scenarios/12-scp-guardrails.json", "prod-admin-creates-user"},
	} {
		src, _ := os.ReadFile(c.file)
		s, errs := world.Parse(c.file, src)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		r := s.Request(c.request)
		before := s.Evaluate(r, engine.Options{})
		st := before.Steps[before.Decider]
		sg, err := Suggest(st.Policies, st.Request, cat)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range sg.Fixes {
			out, err := Patch(src, s.Source, f)
			if err != nil {
				continue
			}
			s2, errs := world.Parse(c.file, out)
			if errs.HasErrors() {
				t.Fatalf("%s: patched file does not read: %v\n%s", f.Summary, errs, out)
			}
			o := s2.Evaluate(s2.Request(c.request), engine.Options{})
			if o.Steps[before.Decider].Decision == st.Decision {
				t.Errorf("%s: %s still decides %s", c.request, f.Summary, st.Decision)
			}
			patched++
		}
	}
	if patched < 2 {
		t.Errorf("only %d fixes patched into their files", patched)
	}
}

func TestPatchRefusesWhatItCannotPlace(t *testing.T) {
	f := &Fix{Edits: []*Edit{{Kind: "addContext", Key: "aws:MultiFactorAuthPresent"}}}
	if _, err := Patch(nil, nil, f); err == nil || !strings.Contains(err.Error(), "context value") {
		t.Errorf("context: %v", err)
	}
	f = &Fix{Edits: []*Edit{{Kind: "addPolicy", Policy: "iamplay-fix"}}}
	if _, err := Patch(nil, nil, f); err == nil || !strings.Contains(err.Error(), "new policy") {
		t.Errorf("new policy: %v", err)
	}
}
