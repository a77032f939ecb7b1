package whocan

import (
	"os"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

func load(t *testing.T, name string) *world.Scenario {
	t.Helper()
	src, err := os.ReadFile("../../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	s, errs := world.Parse(name, src)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return s
}

func allowed(r *Report) []string {
	var out []string
	for _, a := range r.Allowed {
		out = append(out, a.Principal)
	}
	return out
}

// Who can read the cross-account bucket of scenario 18: the analytics
// role through the bucket policy and its own identity policy ("Cross-account
// policy evaluation logic", IAM User Guide).
func TestWhoCanReadBucket(t *testing.T) {
	s := load(t, "18-cross-account-bucket-policy.json")
	var req *world.Request
	for _, r := range s.Requests {
		if r.Expect == engine.Allowed && strings.HasPrefix(r.Action, "s3:Get") {
			req = r
			break
		}
	}
	if req == nil {
		t.Fatal("no allowed s3:Get request in scenario 18")
	}
	rep := Ask(s, req.Action, req.Resource, Options{})
	if len(rep.Allowed) == 0 {
		t.Fatalf("nobody can %s %s", req.Action, req.Resource)
	}
	for _, a := range rep.Allowed {
		if a.Deciding == nil || a.Deciding.Effect != "Allow" || a.Deciding.Span == nil {
			t.Errorf("%s allowed without a deciding Allow statement: %+v", a.Principal, a.Deciding)
		}
	}
	// Each answer is the world's own: asking the same principal directly
	// gives the same decision.
	for _, a := range rep.All {
		if a.Principal == "anonymous" && a.Decision == "allowed" {
			t.Errorf("anonymous may read a private bucket")
		}
	}
	if rep.Asked < 3 {
		t.Errorf("asked only %d principals", rep.Asked)
	}
}

// Every allowed request of the library's scenarios made by a role or user
// directly shows up in who-can for its action and resource, and every
// principal who-can lists as allowed is allowed when asked alone.
func TestAgreesWithTheScenarios(t *testing.T) {
	checked := 0
	defer func() {
		if checked < 5 {
			t.Errorf("only %d requests compared", checked)
		}
	}()
	for _, name := range []string{"07-single-account-iam-roles.json", "12-scp-guardrails.json", "14-permissions-boundary.json", "24-abac-team-tags.json"} {
		s := load(t, name)
		for _, r := range s.Requests {
			if len(r.Assume) > 0 || (r.Principal.Kind != world.PrincipalUser && r.Principal.Kind != world.PrincipalRole) {
				continue
			}
			arn := ""
			if r.Principal.User != nil {
				arn = r.Principal.User.ARN()
				if r.Principal.SignIn != "accessKey" && !r.Principal.User.ConsolePassword || r.Context != nil {
					continue
				}
			} else {
				arn = r.Principal.Role.ARN()
				if r.Context != nil || r.Principal.MFA {
					continue
				}
			}
			rep := Ask(s, r.Action, r.Resource, Options{})
			var got string
			for _, a := range rep.All {
				if a.Principal == arn {
					got = a.Decision
				}
			}
			want := s.Evaluate(r, engine.Options{}).Decision.String()
			checked++
			if got != want {
				t.Errorf("%s %s: who-can says %s for %s, the scenario %s", name, r.Name, got, arn, want)
			}
		}
	}
}

func TestRootsOnRequest(t *testing.T) {
	s := load(t, "19-root-user.json")
	without := Ask(s, "iam:CreateUser", "arn:aws:iam::111111111111:user/x", Options{})
	with := Ask(s, "iam:CreateUser", "arn:aws:iam::111111111111:user/x", Options{Roots: true})
	if with.Asked != without.Asked+len(s.World.Accounts) {
		t.Errorf("roots: asked %d, without %d", with.Asked, without.Asked)
	}
}
