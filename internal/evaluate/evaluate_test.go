package evaluate_test

import (
	"os"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/scenarios"
)

func TestInput(t *testing.T) {
	allowed, err := os.ReadFile("../web/testdata/allowed.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, src string
		decision  string // "" when the input is invalid
		code      string // the first problem's code
	}{
		{"allowed", string(allowed), "allowed", ""},
		{"not JSON", "{\n  \"policies\": ", "", "json.syntax"},
		{"unknown field", `{"colour": 1, "policies": {}, "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}}`, "", "input.unknownField"},
		{"no policies: implicit deny", `{"policies": {"identity": []}, "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "*"}}`, "implicitDeny", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, errs := evaluate.Input("in.json", []byte(tt.src), engine.Options{Trace: true})
			if tt.decision == "" {
				if res != nil || !errs.HasErrors() {
					t.Fatalf("invalid input evaluated: %v %v", res, errs)
				}
				if errs[0].Code != tt.code || errs[0].Policy != "in.json" || !errs[0].Span.Start.IsValid() {
					t.Errorf("first problem %+v, want code %s at a position in in.json", errs[0], tt.code)
				}
				return
			}
			if res == nil {
				t.Fatalf("not evaluated: %v", errs)
			}
			if rep := res.Report(); rep.Decision.String() != tt.decision || rep.Trace == nil {
				t.Errorf("decision %s, want %s (trace %v)", rep.Decision, tt.decision, rep.Trace != nil)
			}
		})
	}
}

// TestScenario evaluates a library request step by step, and reports the
// requests there are when the name is unknown.
func TestScenario(t *testing.T) {
	s, err := scenarios.Load("03-lambda-payments-secret")
	if err != nil {
		t.Fatal(err)
	}
	o, ok := evaluate.Scenario(s, "payment-reads-secret", engine.Options{Trace: true})
	if !ok {
		t.Fatal("request not found")
	}
	rep := evaluate.Report(o)
	if rep.Request != "payment-reads-secret" || rep.Decision != rep.Expect || len(rep.Steps) == 0 {
		t.Fatalf("report %+v", rep)
	}
	last := rep.Steps[len(rep.Steps)-1]
	if last.Kind != "request" || last.Result == nil || last.Result.Trace == nil {
		t.Errorf("last step %+v", last)
	}
	if _, ok := evaluate.Scenario(s, "nope", engine.Options{}); ok {
		t.Error("unknown request found")
	}
	if names := evaluate.RequestNames(s); len(names) != len(s.Requests) || !strings.Contains(strings.Join(names, ","), "payment-reads-secret") {
		t.Errorf("names %v", names)
	}
}
