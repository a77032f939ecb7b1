package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func post(t *testing.T, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	New(Config{}).ServeHTTP(rec, req)
	return rec
}

// POST /api/simulate answers AWS's simulator requests in the
// EvaluationResults shape (IAM API Reference, SimulateCustomPolicy and
// SimulatePrincipalPolicy).
func TestSimulateAPI(t *testing.T) {
	src, err := os.ReadFile("../awssim/testdata/custom-objects.request.json")
	if err != nil {
		t.Fatal(err)
	}
	rec := post(t, "/api/simulate", string(src))
	var resp struct {
		EvaluationResults []struct{ EvalActionName, EvalDecision string }
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &resp) != nil || len(resp.EvaluationResults) != 3 {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	if resp.EvaluationResults[1].EvalDecision != "explicitDeny" {
		t.Errorf("PutObject: %s", resp.EvaluationResults[1].EvalDecision)
	}
	principal := `{"PolicySourceArn": "arn:aws:iam::111111111111:role/PlatformAdminRole", "ActionNames": ["iam:CreateUser"]}`
	if rec := post(t, "/api/simulate", principal); rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "simulate.noWorld") {
		t.Errorf("principal without a scenario: %d %s", rec.Code, rec.Body)
	}
	if rec := post(t, "/api/simulate?scenario=12-scp-guardrails", principal); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"EvalDecision":"explicitDeny"`) {
		t.Errorf("principal in scenario 12: %d %s", rec.Code, rec.Body)
	}
	rec = post(t, "/api/simulate", "{\n  \"ActionNames\": [\"s3:GetObject\"],\n  \"Typo\": 1}")
	var e Error
	json.Unmarshal(rec.Body.Bytes(), &e)
	if rec.Code != http.StatusUnprocessableEntity || e.Line != 3 || !strings.Contains(e.Message, `unknown field "Typo"`) {
		t.Errorf("unknown field: %d %+v", rec.Code, e)
	}
}
