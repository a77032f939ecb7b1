package diff

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

func parse(t testing.TB, name string, src []byte) *world.Scenario {
	t.Helper()
	s, errs := world.Parse(name, src)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return s
}

func read(t testing.TB, name string) []byte {
	t.Helper()
	src, err := os.ReadFile("../../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// Removing the SCP guardrail of scenario 12 ("Service control policies",
// AWS Organizations User Guide: an explicit deny in an SCP overrides any
// allow) lets the production admin create users again: the request flips,
// and so does the role for everyone who could ask.
func TestRemovingAGuardrailShowsEveryChange(t *testing.T) {
	src := read(t, "12-scp-guardrails.json")
	old := parse(t, "old", src)
	newSrc, err := ReplacePolicy(src, old, "SecureCartGuardrails", []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:PutAccountPublicAccessBlock", "Resource": "*"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	new := parse(t, "new", newSrc)
	r := Scenarios(old, new, Options{Everyone: true, Traces: true})
	if r.Compared != len(old.Requests) {
		t.Errorf("compared %d of %d requests", r.Compared, len(old.Requests))
	}
	changed := map[string]Change{}
	for _, c := range r.Changes {
		changed[c.Request] = c
		if c.OldReport == nil || c.NewReport == nil || len(c.NewReport.Steps) == 0 || c.NewReport.Steps[len(c.NewReport.Steps)-1].Result.Trace == nil {
			t.Errorf("%s: both traces should come with the change", c.Request)
		}
	}
	c, ok := changed["prod-admin-creates-user"]
	if !ok || c.Old != "explicitDeny" || c.New != "allowed" {
		t.Errorf("prod-admin-creates-user: %+v", c)
	}
	if _, ok := changed["prod-admin-launches-instance"]; ok {
		t.Error("an unrelated request changed")
	}
	found := false
	for _, pc := range r.Everyone {
		if pc.Principal == "arn:aws:iam::111111111111:role/PlatformAdminRole" && pc.Action == "iam:CreateUser" && pc.New == "allowed" {
			found = true
		}
		if pc.Old == pc.New {
			t.Errorf("unchanged listed: %+v", pc)
		}
	}
	if !found {
		t.Errorf("everyone: PlatformAdminRole's iam:CreateUser change missing: %+v", r.Everyone)
	}
}

// TestLibraryAgainstItself: every scenario diffed with itself changes
// nothing.
func TestLibraryAgainstItself(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.json")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		a, b := parse(t, f, src), parse(t, f, src)
		if r := Scenarios(a, b, Options{Everyone: true}); r.Changed() || r.Compared != len(a.Requests) {
			t.Errorf("%s: %+v", f, r)
		}
	}
}

func TestInputs(t *testing.T) {
	mk := func(action string) *engine.Input {
		in, errs := engine.ParseInput("x", []byte(`{"name":"read","policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"`+action+`","Resource":"*"}]}]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`))
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		return in
	}
	r, err := Inputs(mk("s3:GetObject"), mk("s3:ListBucket"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 1 || r.Changes[0].Old != "allowed" || r.Changes[0].New != "implicitDeny" || r.Changes[0].NewResult.Trace == nil {
		t.Errorf("%+v", r)
	}
	if r, _ := Inputs(mk("s3:Get*"), mk("s3:GetObject")); r.Changed() {
		t.Errorf("an equivalent policy changed the decision: %+v", r)
	}
}

func TestReplacePolicyErrors(t *testing.T) {
	src := read(t, "12-scp-guardrails.json")
	s := parse(t, "s", src)
	if _, err := ReplacePolicy(src, s, "NoSuchPolicy", []byte("{}")); err == nil {
		t.Error("no error for an unknown policy")
	}
}

// BenchmarkDiffLibrary diffs every scenario of the library with itself,
// asking every principal every action and resource too.
func BenchmarkDiffLibrary(b *testing.B) {
	files, _ := filepath.Glob("../../scenarios/*.json")
	type pair struct{ a, b *world.Scenario }
	var pairs []pair
	for _, f := range files {
		src, _ := os.ReadFile(f)
		pairs = append(pairs, pair{parse(b, f, src), parse(b, f, src)})
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pairs {
			Scenarios(p.a, p.b, Options{Everyone: true})
		}
	}
}
