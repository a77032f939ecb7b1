package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const benchLayered = "../../engine/testdata/bench/layered.json"

func TestEvalJSON(t *testing.T) {
	code, out, stderr := runCLI(t, "", "eval", benchLayered)
	if code != 0 {
		t.Fatalf("exit %d, stderr %s", code, stderr)
	}
	var rep struct {
		Decision string `json:"decision"`
		Reason   string `json:"reason"`
		Trace    any    `json:"trace"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if rep.Decision != "allowed" || rep.Reason == "" || rep.Trace == nil {
		t.Errorf("report = %+v", rep)
	}
}

func TestEvalExplainAndExpect(t *testing.T) {
	code, out, _ := runCLI(t, "", "eval", "--explain", "--expect", "allowed", benchLayered)
	if code != 0 || !strings.HasPrefix(out, "Decision: ALLOWED\n") || !strings.Contains(out, "Evaluation, in AWS's order:") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	code, _, stderr := runCLI(t, "", "eval", "--expect", "explicitDeny", benchLayered)
	if code != 1 || !strings.Contains(stderr, "expected explicitDeny, got allowed") {
		t.Errorf("mismatched --expect: exit %d, stderr %q", code, stderr)
	}
}

func TestEvalStdin(t *testing.T) {
	in := `{"policies":{"identity":[{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}]},
	"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"}}`
	code, out, _ := runCLI(t, in, "eval", "-")
	if code != 0 || !strings.Contains(out, `"decision": "explicitDeny"`) {
		t.Fatalf("exit %d, output %s", code, out)
	}
}

func TestEvalInvalidInput(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.json")
	src := "{\n  \"policies\": {\"identity\": [{\"Version\": \"2012-10-17\",\n    \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"NotAction\": \"s3:*\", \"Resource\": \"*\"}}]},\n  \"request\": {\"principal\": \"arn:aws:iam::111111111111:user/a\", \"action\": \"s3:GetObject\", \"resource\": \"*\"},\n  \"extra\": true\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "", "eval", path)
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	want := []string{
		path + ":3:64: a statement may have Action or NotAction, not both",
		path + ":5:3: unknown field \"extra\" in the input",
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, stderr)
		}
	}
}

func TestEvalRequestErrorHasPosition(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "req.json")
	src := "{\n  \"policies\": {},\n  \"request\": {\"principal\": \"arn:aws:iam::111111111111:user/a\", \"action\": \"s3:*\", \"resource\": \"*\"}\n}\n"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "", "eval", path)
	want := path + `:3:74: action "s3:*" must be one concrete action`
	if code != 2 || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr %q, want it to contain %q", code, stderr, want)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"eval"}, {"eval", "--expect", "maybe", benchLayered}, {"eval", "/does/not/exist.json"}, {"nope"}} {
		if code, _, stderr := runCLI(t, "", args...); code != 2 || stderr == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
