package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// POST /api/lint answers every lint finding of an input, as `iamplay lint
// --format json` does, with positions; a GET is 405.
func TestLintAPI(t *testing.T) {
	in := `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObjects","Resource":"*"},{"Effect":"Allow","Action":"*","Resource":"*"}]}]},
	 "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"*"}}`
	rec := post(t, "/api/lint", in)
	var resp struct {
		Findings []struct {
			Code, Severity string
			Span           struct{ Start struct{ Line, Col int } }
		}
		Errors bool
	}
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &resp) != nil {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	codes := map[string]string{}
	for _, f := range resp.Findings {
		codes[f.Code] = f.Severity
		if f.Span.Start.Line < 1 {
			t.Errorf("finding %s without a position", f.Code)
		}
	}
	if _, ok := codes["action.unknown"]; !ok {
		t.Errorf("no action.unknown for s3:GetObjects: %v", codes)
	}
	var security bool
	for _, sev := range codes {
		security = security || sev == "security_warning"
	}
	if !security {
		t.Errorf("no security warning for * on *: %v", codes)
	}
	get := httptest.NewRecorder()
	New(Config{}).ServeHTTP(get, httptest.NewRequest(http.MethodGet, "/api/lint", nil))
	if get.Code != http.StatusMethodNotAllowed || get.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d, Allow %q", get.Code, get.Header().Get("Allow"))
	}
	if rec := post(t, "/api/lint", "{"); rec.Code != http.StatusOK || !json.Valid(rec.Body.Bytes()) {
		t.Errorf("bad JSON: %d %s (findings with the parser's position expected)", rec.Code, rec.Body)
	}
}
