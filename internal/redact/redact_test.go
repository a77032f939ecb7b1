package redact

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

// TestLibraryStillEvaluates redacts every scenario of the library: the
// redacted world must read, every request must reach the same decision,
// and no real account id may remain.
func TestLibraryStillEvaluates(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.json")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	changed := 0
	defer func() { t.Logf("%d decisions changed, each announced by a note", changed) }()
	for _, f := range files {
		src, _ := os.ReadFile(f)
		before, errs := world.Parse(f, src)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		res, err := JSON(src)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		after, errs := world.Parse(f, res.Text)
		if errs.HasErrors() {
			t.Errorf("%s: redacted world does not read: %v", f, errs)
			continue
		}
		warned := strings.Contains(strings.Join(res.Notes, "\n"), "may change")
		for i, r := range before.Requests {
			want := before.Evaluate(r, engine.Options{}).Decision
			got := after.Evaluate(after.Requests[i], engine.Options{}).Decision
			if got != want {
				changed++
				if !warned {
					t.Errorf("%s %s: %s after redaction, %s before, and no note said so", filepath.Base(f), r.Name, got, want)
				}
			}
		}
		for _, rw := range res.Rewrites {
			if rw.Kind == "account" && strings.Contains(string(res.Text), rw.From) && rw.From != rw.To && !isPlaceholder(rw.From) {
				t.Errorf("%s: account %s still appears", f, rw.From)
			}
		}
	}
}

func isPlaceholder(acct string) bool {
	return strings.Count(acct, acct[:1]) == 12
}

func TestRewritesAreStableAndShown(t *testing.T) {
	src := []byte(`{"policies": {"identity": ["{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::acme-payroll/*\"}]}"],
	  "resource": {"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::493827161234:role/AcmeDeploy"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-payroll/*"}]}},
	 "request": {"principal": "arn:aws:sts::493827161234:assumed-role/AcmeDeploy/jane.doe", "action": "s3:GetObject",
	   "resource": "arn:aws:s3:::acme-payroll/2026/jan.csv", "resourceOwner": "493827161234",
	   "context": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:username": "AcmeDeploy"}}}`)
	res, err := JSON(src)
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Text)
	for _, secret := range []string{"493827161234", "AcmeDeploy", "acme-payroll", "jane.doe", "o-a1b2c3d4e5"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q survives redaction:\n%s", secret, out)
		}
	}
	for _, want := range []string{"arn:aws:sts::111111111111:assumed-role/SecureCartRole1/session-1", "arn:aws:s3:::securecart-bucket-1/2026/jan.csv", `"aws:username": "SecureCartRole1"`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	again, _ := JSON(src)
	if string(again.Text) != out {
		t.Error("redaction is not stable")
	}
	if len(res.Rewrites) != 5 {
		t.Errorf("rewrites %+v", res.Rewrites)
	}
	in, errs := engine.ParseInput("redacted", res.Text)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	prep, _ := in.Prepare()
	if d := engine.Evaluate(&in.Policies, prep, engine.Options{}).Decision; d != engine.Allowed {
		t.Errorf("redacted input decides %s, want allowed as before", d)
	}
}

// Labels carry names inside prose: a flat input from a world names its
// policies "user alice → inline policy SelfService".
func TestNamesInsideLabels(t *testing.T) {
	src := []byte(`{"policies": {"identity": [{"name": "user alice → inline policy SelfService", "document": "{}"}]},
	  "request": {"principal": "arn:aws:iam::123456789012:user/alice", "action": "iam:GetUser", "resource": "arn:aws:iam::123456789012:user/alice-admin"},
	  "users": [{"name": "alice"}], "policies2": {"policies": [{"name": "SelfService"}]}}`)
	res, err := JSON(src)
	if err != nil {
		t.Fatal(err)
	}
	out := string(res.Text)
	if strings.Contains(out, "alice") || strings.Contains(out, "SelfService") {
		t.Errorf("names survive in labels:\n%s", out)
	}
	if !strings.Contains(out, `"user securecart-user-1 → inline policy SecureCartPolicy1"`) {
		t.Errorf("label not rewritten word by word:\n%s", out)
	}
}

func TestBadJSON(t *testing.T) {
	for _, src := range []string{`{"a": "b`, `{"a": [}`, `]`} {
		if _, err := JSON([]byte(src)); err == nil {
			t.Errorf("%s: no error", src)
		}
	}
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"name": "arn:aws:iam::123456789012:user/x", "users": [{"name": "bob"}]}`))
	f.Fuzz(func(t *testing.T, src []byte) {
		JSON(src)
	})
}
