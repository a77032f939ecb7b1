package scenarios

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

// TestScenarios evaluates every request of every scenario against its world
// and checks the decision AWS would reach (the file's "expect").
func TestScenarios(t *testing.T) {
	names, err := fs.Glob(FS, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no scenario files embedded")
	}
	for _, n := range names {
		t.Run(strings.TrimSuffix(n, ".json"), func(t *testing.T) {
			s, err := parse(n)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range s.Requests {
				t.Run(r.Name, func(t *testing.T) {
					o := s.Evaluate(r, engine.Options{})
					if !o.Passed() {
						var b strings.Builder
						o.WriteText(&b)
						t.Errorf("got %s, want %s\n%s", o.Decision, r.Expect, b.String())
					}
				})
			}
		})
	}
}

// TestCatalogInputs checks that every request's flat Input, read back with
// engine.ParseInput and evaluated with engine.Evaluate, reaches the same
// decision as the evaluation against the world.
func TestCatalogInputs(t *testing.T) {
	entries, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(entries); i++ {
		if entries[i-1].ID >= entries[i].ID {
			t.Errorf("catalog not sorted by ID: %s before %s", entries[i-1].ID, entries[i].ID)
		}
	}
	for _, e := range entries {
		if e.Title == "" || e.Summary == "" || len(e.Tags) == 0 || e.Explanation == "" {
			t.Errorf("%s: needs a title, summary, explanation and tags", e.ID)
		}
		for _, r := range e.Requests {
			t.Run(e.ID+"/"+r.Name, func(t *testing.T) {
				in, errs := engine.ParseInput(r.Name, r.Input)
				if errs.HasErrors() {
					t.Fatalf("Input does not parse: %v\n%s", errs, r.Input)
				}
				prep, err := in.Prepare()
				if err != nil {
					t.Fatalf("Input request: %v", err)
				}
				got := engine.Evaluate(&in.Policies, prep, engine.Options{}).Decision
				want, _ := engine.ParseDecision(r.Expect)
				if r.NotSent != "" {
					// Never sent: no policies, no expectation, and the
					// steps say why (the SDK found no credentials).
					if len(in.Policies.Identity) != 0 || in.Policies.Resource != nil || in.HasExpect {
						t.Errorf("a request never sent has no policies and no expect:\n%s", r.Input)
					}
					if len(r.Steps) == 0 || !strings.Contains(r.Steps[len(r.Steps)-1], "Unable to locate credentials") {
						t.Errorf("steps %q should say the SDK found no credentials", r.Steps)
					}
					return
				}
				if r.Refused {
					if got != engine.Allowed {
						t.Errorf("refused step's Input evaluates to %s; the policies should allow it", got)
					}
					if in.HasExpect {
						t.Error("a refused step's Input must not carry expect")
					}
					return
				}
				if got != want {
					t.Errorf("flat Input evaluates to %s, world expects %s", got, want)
				}
				if !in.HasExpect || in.Expect != want {
					t.Errorf("Input expect = %v (%v), want %s", in.Expect, in.HasExpect, want)
				}
			})
		}
	}
}

// TestLibraryCoverage holds the library to the minimums.
func TestLibraryCoverage(t *testing.T) {
	entries, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) < 24 {
		t.Errorf("%d scenarios; the library needs at least 24", len(entries))
	}
	for _, e := range entries {
		deny := false
		for _, r := range e.Requests {
			deny = deny || r.Expect != "allowed"
		}
		if len(e.Requests) < 3 || !deny {
			t.Errorf("%s: %d requests; each scenario needs at least 3, one of them a deny", e.ID, len(e.Requests))
		}
	}
}

func TestLoad(t *testing.T) {
	entries, err := Catalog()
	if err != nil || len(entries) == 0 {
		t.Fatal(err)
	}
	s, err := Load(entries[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if s.ID != entries[0].ID {
		t.Errorf("Load(%q).ID = %q", entries[0].ID, s.ID)
	}
	if _, err := Load("no-such-scenario"); err == nil {
		t.Error("Load of a missing id: want an error")
	}
	var _ *world.Scenario = s
}

// TestInstanceWithoutProfileNotSent: code on an instance without an
// instance profile finds no credentials and the SDK fails locally ("Unable
// to locate credentials"), so the request never reaches AWS (AWS SDKs and
// Tools Reference Guide, "Standardized credential providers",
// https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html).
func TestInstanceWithoutProfileNotSent(t *testing.T) {
	entries, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"02-ec2-instance-role-product-images/worker-without-profile": true,
		"22-troubleshoot-ec2-to-s3/no-instance-profile":              true,
		"22-troubleshoot-ec2-to-s3/role-lacks-s3":                    false,
	}
	for _, e := range entries {
		for _, r := range e.Requests {
			notSent, ok := want[e.ID+"/"+r.Name]
			if !ok {
				continue
			}
			delete(want, e.ID+"/"+r.Name)
			if (r.NotSent != "") != notSent {
				t.Errorf("%s/%s: NotSent %q, want set %v", e.ID, r.Name, r.NotSent, notSent)
			}
		}
	}
	if len(want) != 0 {
		t.Errorf("requests not found: %v", want)
	}
}
