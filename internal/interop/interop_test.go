package interop

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

func call(t *testing.T, op string, arg any) (map[string]any, string) {
	t.Helper()
	js, _ := json.Marshal(arg)
	var a struct {
		Result map[string]any
		Error  string
	}
	out := Call(op, js)
	if err := json.Unmarshal(out, &a); err != nil {
		t.Fatalf("%s: answer is not JSON: %s", op, out)
	}
	return a.Result, a.Error
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestOperations(t *testing.T) {
	sim := read(t, "../awssim/testdata/custom-objects.request.json")
	res, err := call(t, "simulate", map[string]string{"request": sim})
	if err != "" || len(res["EvaluationResults"].([]any)) != 3 {
		t.Errorf("simulate: %v %v", err, res)
	}
	if _, err := call(t, "simulate", map[string]string{"request": read(t, "../awssim/testdata/principal-boundary.request.json")}); !strings.Contains(err, "import the account first") {
		t.Errorf("simulate principal without world: %q", err)
	}
	imp, err := call(t, "import", map[string]any{"files": []map[string]string{
		{"name": "auth.json", "text": read(t, "../importer/testdata/account-authorization-details.json")},
		{"name": "org.json", "text": read(t, "../importer/testdata/organization.json")}}})
	if err != "" {
		t.Fatal(err)
	}
	w := imp["world"].(string)
	princ, err := call(t, "whoCan", map[string]string{"world": w, "action": "iam:GetUser", "resource": "arn:aws:iam::111111111111:user/alice"})
	if err != "" || len(princ["allowed"].([]any)) == 0 {
		t.Errorf("whoCan: %v %v", err, princ)
	}
	asked, err := call(t, "ask", map[string]string{"world": w, "principal": "arn:aws:iam::111111111111:user/alice", "action": "iam:CreateUser", "resource": "*"})
	if err != "" || asked["report"].(map[string]any)["decision"] != "explicitDeny" || asked["input"] == nil {
		t.Fatalf("ask: %v %v", err, asked)
	}
	// The input opened in the playground reaches the same decision.
	js, _ := json.Marshal(asked["input"])
	in0, errs := engine.ParseInput("asked", js)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	p0, _ := in0.Prepare()
	if d := engine.Evaluate(&in0.Policies, p0, engine.Options{}).Decision; d != engine.ExplicitDeny {
		t.Errorf("the asked input decides %s, want explicitDeny", d)
	}
	red, err := call(t, "redact", map[string]string{"text": w})
	if err != "" || strings.Contains(red["text"].(string), "DeployRole") || len(red["rewrites"].([]any)) == 0 {
		t.Errorf("redact: %v", err)
	}
	in := `{"policies":{"identity":[{"name":"Mine","document":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"*\"}]}"}]},"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}}`
	fx, err := call(t, "fix", map[string]string{"input": in})
	if err != "" || len(fx["whyNot"].([]any)) != 1 || len(fx["suggestions"].(map[string]any)["fixes"].([]any)) == 0 {
		t.Errorf("fix: %v %v", err, fx)
	}
	ex, err := call(t, "export", map[string]string{"input": in})
	if err != "" || !strings.HasPrefix(ex["command"].(string), "aws iam simulate-custom-policy") {
		t.Errorf("export: %v %v", err, ex)
	}
	d, err := call(t, "diff", map[string]string{"old": in, "new": strings.Replace(in, "s3:ListBucket", "s3:GetObject", 1)})
	if err != "" || len(d["changes"].([]any)) != 1 {
		t.Errorf("diff: %v %v", err, d)
	}
	if _, err := call(t, "nope", nil); err == "" {
		t.Error("unknown op")
	}
	if _, err := call(t, "fix", map[string]string{"input": "{"}); !strings.Contains(err, "playground:1:") {
		t.Errorf("bad input: %q", err)
	}
}

// The page's "Checks" tab: every lint finding of a flat input, with the
// policy it is in and its span there.
func TestLintFindsSecurityWarningsWithThePolicy(t *testing.T) {
	in := `{"policies":{"identity":[{"name":"Wide","document":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},{\"Effect\":\"Allow\",\"Action\":\"s3:GetObjects\",\"Resource\":\"*\"}]}"}]},
	 "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"*"}}`
	arg, _ := json.Marshal(map[string]string{"input": in})
	var a struct {
		Result []struct {
			Policy   string `json:"policy"`
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Span     struct {
				Start struct{ Line, Col int } `json:"start"`
			} `json:"span"`
		} `json:"result"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(Call("lint", arg), &a); err != nil || a.Error != "" {
		t.Fatalf("lint: %v %s", err, a.Error)
	}
	codes := map[string]bool{}
	for _, f := range a.Result {
		if f.Policy != "Wide" || f.Span.Start.Line != 1 || f.Span.Start.Col < 2 {
			t.Errorf("finding %+v is not placed in policy Wide", f)
		}
		codes[f.Code] = true
	}
	if len(codes) < 2 {
		t.Errorf("codes %v: want the * on * warning and the unknown action", codes)
	}
}
