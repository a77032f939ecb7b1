package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine/world"
)

const (
	simData    = "../../internal/awssim/testdata/"
	importData = "../../internal/importer/testdata/"
)

func TestSimulateCLI(t *testing.T) {
	code, out, errs := runCLI(t, "", "simulate", simData+"custom-objects.request.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var resp struct {
		EvaluationResults []struct{ EvalActionName, EvalDecision string }
	}
	if err := json.Unmarshal([]byte(out), &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.EvaluationResults) != 3 || resp.EvaluationResults[1].EvalDecision != "explicitDeny" {
		t.Errorf("results %+v", resp.EvaluationResults)
	}
	code, _, errs = runCLI(t, "", "simulate", simData+"principal-boundary.request.json")
	if code != 2 || !strings.Contains(errs, "PolicySourceArn needs the account: give --world") {
		t.Errorf("principal without a world: exit %d, %s", code, errs)
	}
	code, out, errs = runCLI(t, "", "simulate", "--world", "../../scenarios/14-permissions-boundary.json", simData+"principal-boundary.request.json")
	if code != 0 || !strings.Contains(out, `"EvalDecision": "allowed"`) {
		t.Errorf("principal with a world: exit %d, %s %s", code, out, errs)
	}
	code, _, errs = runCLI(t, `{"ActionNames": ["s3:GetObject"], "PolicyInputList": ["{}"], "Bogus": 1}`, "simulate", "-")
	if code != 2 || !strings.Contains(errs, `<stdin>:1:`) || !strings.Contains(errs, `unknown field "Bogus"`) {
		t.Errorf("bad request: exit %d, %s", code, errs)
	}
}

func TestSimulateExportCLI(t *testing.T) {
	code, out, errs := runCLI(t, "", "simulate", "--export", "--scenario", "../../scenarios/21-troubleshoot-assume-role.json", "--request", "trust-does-not-name-caller")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.HasPrefix(out, "aws iam simulate-custom-policy --cli-input-json '") || !strings.Contains(out, `"CallerArn": "arn:aws:iam::333333333333:user/dave"`) {
		t.Errorf("export:\n%s", out)
	}
	in := `{"policies":{"identity":["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],"session":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"},
	  "request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/it's"}}`
	code, out, _ = runCLI(t, in, "simulate", "--export", "-")
	if code != 0 || !strings.Contains(out, "# not expressed: the session policy") || !strings.Contains(out, `b/it'\''s`) {
		t.Errorf("export of an input: exit %d\n%s", code, out)
	}
}

func TestImportCLI(t *testing.T) {
	files := []string{"account-authorization-details.json", "organization.json", "resource-policies.json", "credential-report.csv"}
	args := []string{"import", "--ask", "arn:aws:iam::111111111111:user/alice iam:CreateUser *"}
	for _, f := range files {
		args = append(args, importData+f)
	}
	code, out, errs := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	s, perrs := world.Parse("out", []byte(out))
	if perrs.HasErrors() {
		t.Fatal(perrs)
	}
	if r := s.Requests[0]; r.Expect.String() != "explicitDeny" {
		t.Errorf("recorded %s", r.Expect)
	}
	if !strings.Contains(errs, "imported 2 accounts: 2 users, 1 groups, 3 roles") || !strings.Contains(errs, "warning: AWS managed policy") {
		t.Errorf("stderr:\n%s", errs)
	}
	code, out, errs = runCLI(t, "", append([]string{"import", "--redact"}, args[3:]...)...)
	if code != 0 {
		t.Fatalf("redact: exit %d: %s", code, errs)
	}
	for _, real := range []string{"Storefront-Prod", "111111111111:user/alice", "DeployRole", "o-exampleorg1"} {
		if strings.Contains(out, real) {
			t.Errorf("%q survives --redact", real)
		}
	}
	if !strings.Contains(errs, "redacted role DeployRole → SecureCartRole") {
		t.Errorf("rewrites not shown:\n%s", errs)
	}
	if _, perrs := world.Parse("redacted", []byte(out)); perrs.HasErrors() {
		t.Errorf("redacted world: %v", perrs)
	}
	if code, _, errs := runCLI(t, "", "import", "../../scenarios/FORMAT.md"); code != 2 || !strings.Contains(errs, "FORMAT.md: not JSON") {
		t.Errorf("not an AWS output: exit %d, %s", code, errs)
	}
}

func TestWhoCanCLI(t *testing.T) {
	code, out, errs := runCLI(t, "", "who-can", "--scenario", "../../scenarios/12-scp-guardrails.json", "ec2:RunInstances", "*")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "arn:aws:iam::111111111111:role/PlatformAdminRole (role)") || !strings.Contains(out, "Allow statement") {
		t.Errorf("who-can:\n%s", out)
	}
}

func TestDiffCLI(t *testing.T) {
	sc := "../../scenarios/12-scp-guardrails.json"
	if code, out, _ := runCLI(t, "", "diff", sc, sc); code != 0 || !strings.Contains(out, "0 changed") {
		t.Errorf("same file: exit %d\n%s", code, out)
	}
	dir := t.TempDir()
	oldDoc, newDoc := filepath.Join(dir, "old.json"), filepath.Join(dir, "new.json")
	os.WriteFile(oldDoc, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["iam:CreateUser","iam:CreateAccessKey"],"Resource":"*"}]}`), 0o644)
	os.WriteFile(newDoc, []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:CreateAccessKey","Resource":"*"}]}`), 0o644)
	code, out, errs := runCLI(t, "", "diff", "--explain", "--scenario", sc, "--policy", "SecureCartGuardrails", oldDoc, newDoc)
	if code != 1 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"prod-admin-creates-user: explicitDeny → allowed", "──── before: prod-admin-creates-user", "──── after: prod-admin-creates-user", "role/PlatformAdminRole  iam:CreateUser"} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
	if code, _, errs := runCLI(t, "", "diff", sc, benchLayered); code != 2 || !strings.Contains(errs, "compare a scenario with a scenario") {
		t.Errorf("mixed kinds: exit %d %s", code, errs)
	}
}

// The patch of a scenario fix applies with git apply, and the patched
// scenario's request is then allowed.
func TestFixPatchApplies(t *testing.T) {
	dir := t.TempDir()
	src, _ := os.ReadFile("../../scenarios/21-troubleshoot-assume-role.json")
	os.WriteFile(filepath.Join(dir, "s.json"), src, 0o644)
	cwd, _ := os.Getwd()
	os.Chdir(dir)
	defer os.Chdir(cwd)
	code, patch, errs := runCLI(t, "", "fix", "--scenario", "s.json", "--request", "trust-does-not-name-caller", "--patch", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	os.WriteFile("fix.patch", []byte(patch), 0o644)
	if out, err := exec.Command("git", "apply", "fix.patch").CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\n%s", err, out, patch)
	}
	code, out, _ := runCLI(t, "", "eval", "--scenario", "s.json", "--request", "trust-does-not-name-caller")
	if !strings.Contains(out, `"decision": "allowed"`) {
		t.Errorf("after the patch: exit %d\n%.300s", code, out)
	}
}

func TestFixCLI(t *testing.T) {
	code, out, errs := runCLI(t, "", "fix", "--scenario", "../../scenarios/21-troubleshoot-assume-role.json", "--request", "trust-does-not-name-caller")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"why not?", "trust policy of role", "fix 1 (grants 1, implicitDeny → allowed)", "+++ b/../../scenarios/21-troubleshoot-assume-role.json", `"AWS": "arn:aws:iam::333333333333:user/dave"`} {
		if !strings.Contains(out, want) {
			t.Errorf("fix lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "", "fix", "--format", "json", benchLayered)
	var rep struct {
		Suggestions struct {
			Decision string
			Fixes    []struct{ Summary string }
		}
	}
	if code != 0 || json.Unmarshal([]byte(out), &rep) != nil || rep.Suggestions.Decision == "" {
		t.Errorf("json: exit %d\n%.400s", code, out)
	}
	if code, _, _ := runCLI(t, "", "fix"); code != 2 {
		t.Error("fix without arguments")
	}
}
