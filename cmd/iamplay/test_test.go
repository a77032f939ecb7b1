package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCmdTestLibrary(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"test", "../../scenarios"}, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "0 failed") || !strings.Contains(out.String(), "Production access by role") {
		t.Errorf("summary or matrix missing:\n%s", out.String())
	}
}

func TestCmdTestMismatch(t *testing.T) {
	src, err := os.ReadFile("../../scenarios/02-ec2-instance-role-product-images.json")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(src), `"expect": "implicitDeny"`, `"expect": "allowed"`, 1)
	path := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := run([]string{"test", path}, nil, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "FAIL web-uploads-image") {
		t.Errorf("the failing request is not named:\n%s", out.String())
	}
	broken := filepath.Join(t.TempDir(), "broken.json")
	os.WriteFile(broken, []byte(`{"title": 1}`), 0o644)
	errb.Reset()
	if code := run([]string{"test", broken}, nil, &out, &errb); code != 2 || !strings.Contains(errb.String(), "broken.json:1:11: the scenario title must be a string, not a number") {
		t.Errorf("exit %d, stderr %q", code, errb.String())
	}
}

func TestCmdEvalScenario(t *testing.T) {
	var out, errb bytes.Buffer
	args := []string{"eval", "--scenario", "../../scenarios/04-cicd-cross-account-deploy.json", "--request", "pipeline-deploys-to-prod", "--explain"}
	if code := run(args, nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	s := out.String()
	assume := strings.Index(s, "(assume)")
	request := strings.Index(s, "(request)")
	if assume < 0 || request < 0 || assume > request {
		t.Errorf("the assume step must come before the request:\n%s", s)
	}
	out.Reset()
	args = []string{"eval", "--scenario", "../../scenarios/04-cicd-cross-account-deploy.json", "--request", "nope"}
	if code := run(args, nil, &out, &errb); code != 2 {
		t.Errorf("unknown request: exit %d", code)
	}
}
