package awssim

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

var update = flag.Bool("update", false, "rewrite the golden responses")

// worlds are the scenario files the simulate-principal-policy examples ask.
var worlds = map[string]string{
	"principal-boundary": "../../scenarios/14-permissions-boundary.json",
	"principal-scp":      "../../scenarios/12-scp-guardrails.json",
}

func loadWorld(t *testing.T, path string) *world.World {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sc, errs := world.Parse(path, src)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return sc.World
}

func run(t *testing.T, file string) *Response {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	req, err := ParseRequest(file, src)
	if err != nil {
		t.Fatal(err)
	}
	var sim *Simulation
	base := strings.TrimSuffix(filepath.Base(file), ".request.json")
	if req.PolicySourceArn != "" {
		sim, err = Principal(req, loadWorld(t, worlds[base]))
	} else {
		sim, err = Custom(req)
	}
	if err != nil {
		t.Fatal(err)
	}
	resp, err := Simulate(req, sim)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestGolden answers the examples of testdata (written after the request
// and response shapes of SimulateCustomPolicy and SimulatePrincipalPolicy
// in the IAM API Reference) and compares with the golden responses.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.request.json")
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			resp := run(t, f)
			got, _ := json.MarshalIndent(resp, "", "  ")
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".request.json") + ".response.json"
			if *update {
				os.WriteFile(golden, got, 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("response differs from %s:\n%s", golden, got)
			}
		})
	}
}

func decisions(resp *Response) map[string]string {
	m := map[string]string{}
	for _, er := range resp.EvaluationResults {
		m[er.EvalActionName] = er.EvalDecision
		for _, rr := range er.ResourceSpecificResults {
			m[er.EvalActionName+" "+rr.EvalResourceName] = rr.EvalResourceDecision
		}
	}
	return m
}

// TestDecisions checks the examples' meaning, independently of the goldens.
func TestDecisions(t *testing.T) {
	cases := map[string]map[string]string{
		"custom-objects": {
			"s3:GetObject": "allowed",
			"s3:PutObject": "explicitDeny", // the most restrictive over the two objects
			"s3:PutObject arn:aws:s3:::securecart-orders/2026/order-1.json": "allowed",
			"s3:PutObject arn:aws:s3:::securecart-orders/exports/all.csv":   "explicitDeny",
			"s3:DeleteObject": "implicitDeny",
		},
		"custom-context":       {"ec2:StopInstances": "implicitDeny", "ec2:TerminateInstances": "implicitDeny"},
		"custom-cross-account": {"s3:GetObject": "allowed"},
		"principal-boundary":   {"ec2:RunInstances": "allowed", "iam:CreateUser": "implicitDeny"},
		"principal-scp":        {"iam:CreateUser": "explicitDeny", "ec2:RunInstances": "allowed"},
	}
	for name, want := range cases {
		resp := run(t, "testdata/"+name+".request.json")
		got := decisions(resp)
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", name, k, got[k], v)
			}
		}
	}
	ctx := run(t, "testdata/custom-context.request.json").EvaluationResults[0]
	if strings.Join(ctx.MissingContextValues, ",") != "aws:MultiFactorAuthPresent" {
		t.Errorf("missing context values = %v, want aws:MultiFactorAuthPresent (aws:SourceIp was given)", ctx.MissingContextValues)
	}
	if d := ctx.PermissionsBoundaryDecisionDetail; d == nil || !d.AllowedByPermissionsBoundary {
		t.Errorf("boundary detail = %+v, want allowed", d)
	}
	scp := run(t, "testdata/principal-scp.request.json").EvaluationResults[0]
	if d := scp.OrganizationsDecisionDetail; d == nil || d.AllowedByOrganizations {
		t.Errorf("organizations detail = %+v, want not allowed", d)
	}
}

// TestPositions checks that MatchedStatements point at the statement: the
// start at its opening brace, the end at its closing brace (1-based line
// and column of the policy document, as in the IAM API's Position).
func TestPositions(t *testing.T) {
	src, _ := os.ReadFile("testdata/custom-objects.request.json")
	req, err := ParseRequest("x", src)
	if err != nil {
		t.Fatal(err)
	}
	resp := run(t, "testdata/custom-objects.request.json")
	lines := strings.Split(req.PolicyInputList[0], "\n")
	at := func(p Position) byte { return lines[p.Line-1][p.Column-1] }
	var deny, allow *Statement
	for _, er := range resp.EvaluationResults {
		for i, st := range er.MatchedStatements {
			switch er.EvalDecision {
			case "explicitDeny":
				deny = &er.MatchedStatements[i]
			case "allowed":
				allow = &er.MatchedStatements[i]
			}
			if st.SourcePolicyId != "PolicyInputList.1" {
				t.Errorf("SourcePolicyId = %q", st.SourcePolicyId)
			}
			if at(st.StartPosition) != '{' || at(st.EndPosition) != '}' {
				t.Errorf("statement %+v does not span braces", st)
			}
		}
	}
	if deny == nil || allow == nil {
		t.Fatal("expected an allowing and a denying statement")
	}
	if deny.StartPosition.Line != 10 || allow.StartPosition.Line != 4 {
		t.Errorf("deny starts at line %d (want 10), allow at %d (want 4)", deny.StartPosition.Line, allow.StartPosition.Line)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{`{"ActionNames": ["s3:GetObject"], "PolicyInputList": ["{}"], "Actions": []}`, `x:1:62: unknown field "Actions"`},
		{`{"ActionNames": "s3:GetObject"}`, "ActionNames: must be a list"},
		{"{\n \"ActionNames\": [\"s3:GetObject\"],\n \"PolicyInputList\": [\"{}\"]\n,}", "x:4:2: invalid character '}'"},
		{`{"PolicyInputList": ["{}"]}`, "ActionNames: give at least one action"},
		{`{"ActionNames": ["s3:GetObject"]}`, "PolicyInputList: simulate-custom-policy needs"},
		{`{"ActionNames": ["s3:GetObject"], "PolicyInputList": ["{}"], "ResourcePolicy": "{}"}`, "CallerArn: required with a ResourcePolicy"},
		{`{"ActionNames": ["a:b"], "PolicyInputList": ["{}"], "ContextEntries": [{"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["nowhere"], "ContextKeyType": "ip"}]}`, `ContextEntries[0].ContextKeyValues: "nowhere" is not a ip value`},
		{`{"ActionNames": ["a:b"], "PolicyInputList": ["{}"], "ContextEntries": [{"ContextKeyName": "k:k", "ContextKeyValues": ["1", "2"], "ContextKeyType": "numeric"}]}`, "use numericList"},
		{`{"ActionNames": ["a:b"], "PolicyInputList": ["{}"], "ResourceOwner": "me"}`, "ResourceOwner: must be an account id"},
	}
	for _, c := range cases {
		_, err := ParseRequest("x", []byte(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want %q", c.src, err, c.want)
		}
	}
	req, err := ParseRequest("x", []byte(`{"ActionNames": ["s3:GetObject"], "PolicyInputList": ["{\"Statement\": [{\"Effect\": \"Allow\"}]}"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Custom(req); err == nil || !strings.Contains(err.Error(), "PolicyInputList.1:1:") {
		t.Errorf("policy error %v, want one placed in PolicyInputList.1", err)
	}
}

// TestExportRoundTrip writes each single-account input of the engine's
// goldens and each step of the scenario library as a simulator request,
// reads it back and simulates it: where the export says nothing is lost,
// the simulator's decision is the engine's.
func TestExportRoundTrip(t *testing.T) {
	checked := 0
	check := func(name string, pols *engine.Policies, req engine.Request, want engine.Decision) {
		ex := ExportPolicies(pols, req)
		if len(ex.Cannot) > 0 {
			return
		}
		if !strings.HasPrefix(ex.Command, "aws iam simulate-custom-policy --cli-input-json '") {
			t.Fatalf("%s: command %q", name, ex.Command)
		}
		js, _ := json.Marshal(ex.Request)
		back, err := ParseRequest(name, js)
		if err != nil {
			t.Fatalf("%s: export does not read back: %v", name, err)
		}
		sim, err := Custom(back)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		resp, err := Simulate(back, sim)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := resp.EvaluationResults[0].EvalDecision; got != want.String() {
			t.Errorf("%s: simulator says %s, engine %s", name, got, want)
		}
		checked++
	}
	files, _ := filepath.Glob("../../scenarios/*.json")
	for _, f := range files {
		src, _ := os.ReadFile(f)
		sc, errs := world.Parse(f, src)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		for _, r := range sc.Requests {
			o := sc.Evaluate(r, engine.Options{})
			for i, st := range o.Steps {
				if st.Policies != nil && !st.Refused() {
					check(filepath.Base(f)+" "+r.Name+" step "+string(rune('1'+i)), st.Policies, st.Request, st.Decision)
				}
			}
		}
	}
	if checked < 20 {
		t.Errorf("only %d round trips", checked)
	}
	t.Logf("%d round trips", checked)
}

func TestExportSaysWhatIsLost(t *testing.T) {
	in, errs := engine.ParseInput("x", []byte(`{"policies":{"identity":["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],
	 "scp":[["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"]],
	 "session":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}"},
	 "request":{"principal":"arn:aws:sts::111111111111:assumed-role/R/s","action":"s3:GetObject","resource":"arn:aws:s3:::b/k",
	   "context":{"aws:SourceIp":"203.0.113.9","aws:MultiFactorAuthPresent":true,"s3:max-keys":"10","aws:TagKeys":["a","b"]}}}`))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	ex := ExportInput(in)
	all := strings.Join(ex.Cannot, "\n")
	for _, w := range []string{"service control policies (1 organization levels)", "session policy", "CallerArn can only be an IAM user"} {
		if !strings.Contains(all, w) {
			t.Errorf("cannot list lacks %q:\n%s", w, all)
		}
	}
	types := map[string]string{}
	for _, ce := range ex.Request.ContextEntries {
		types[ce.ContextKeyName] = ce.ContextKeyType
	}
	want := map[string]string{"aws:SourceIp": "ip", "aws:MultiFactorAuthPresent": "boolean", "s3:max-keys": "numeric", "aws:TagKeys": "stringList"}
	for k, v := range want {
		if types[k] != v {
			t.Errorf("%s type %q, want %q", k, types[k], v)
		}
	}
}
