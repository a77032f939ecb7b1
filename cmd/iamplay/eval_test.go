package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// By default eval prints the decision, its reason, the deciding statement
// and the flow; --trace adds the context keys and the trace tree.
func TestEvalJSON(t *testing.T) {
	type report struct {
		Decision string                `json:"decision"`
		Reason   string                `json:"reason"`
		Deciding *struct{ Sid string } `json:"deciding"`
		Flow     []any                 `json:"flow"`
		Keys     any                   `json:"keys"`
		Trace    any                   `json:"trace"`
	}
	for _, tc := range []struct {
		args  []string
		trace bool
	}{{[]string{"eval", benchLayered}, false}, {[]string{"eval", "--trace", benchLayered}, true}} {
		code, out, stderr := runCLI(t, "", tc.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", tc.args, code, stderr)
		}
		var rep report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v: output is not JSON: %v\n%s", tc.args, err, out)
		}
		if rep.Decision != "allowed" || rep.Reason == "" || rep.Deciding == nil || len(rep.Flow) == 0 {
			t.Errorf("%v: report = %+v", tc.args, rep)
		}
		if (rep.Trace != nil) != tc.trace || (rep.Keys != nil) != tc.trace {
			t.Errorf("%v: trace %v, keys %v; want them only with --trace", tc.args, rep.Trace != nil, rep.Keys != nil)
		}
	}
}

// A policy of thousands of statements: the default answer stays a few
// lines whatever the policy's size (its trace would be many times the
// policy), and the full trace is still there with --trace.
func TestEvalDefaultOutputIsShortForALargePolicy(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"policies":{"identity":[{"Version":"2012-10-17","Statement":[`)
	for i := range 2000 {
		fmt.Fprintf(&b, `{"Sid":"S%d","Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::bucket-%d/*"},`, i, i)
	}
	b.WriteString(`{"Sid":"Read","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}]},
	"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::x/y"}}`)
	code, out, stderr := runCLI(t, b.String(), "eval", "-")
	if code != 0 || !strings.Contains(out, `"sid": "Read"`) {
		t.Fatalf("exit %d, stderr %s, output %s", code, stderr, out)
	}
	if len(out) > 2000 {
		t.Errorf("default output is %d bytes for a %d-byte input; want the decision alone", len(out), b.Len())
	}
	code, full, _ := runCLI(t, b.String(), "eval", "--trace", "-")
	if code != 0 || len(full) < b.Len() || !strings.Contains(full, `"kind": "statement"`) {
		t.Errorf("--trace: exit %d, %d bytes", code, len(full))
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
