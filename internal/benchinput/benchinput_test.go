package benchinput

import (
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// The input parses without problems and statement 96 allows the request,
// as the benchmarks that type into it rely on.
func TestInputIsAllowedByStatement96(t *testing.T) {
	in, errs := engine.ParseInput("bench", Input(100))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	req, err := in.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	res := engine.Evaluate(&in.Policies, req, engine.Options{})
	if res.Decision != engine.Allowed || res.Deciding.Statement == nil || res.Deciding.Statement.Sid != "Statement96" {
		t.Errorf("decision %v by %+v: %s", res.Decision, res.Deciding.Statement, res.Reason())
	}
	if got := len(in.Policies.Identity[0].Statements); got != 100 {
		t.Errorf("%d statements, want 100", got)
	}
}
