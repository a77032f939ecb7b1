package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/internal/web"
)

// FuzzAPI sends arbitrary bodies to the two endpoints that decode a
// user's JSON: every answer is a known status with a JSON body, never a
// panic or a 5xx.
func FuzzAPI(f *testing.F) {
	if b, err := os.ReadFile("testdata/allowed.json"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{
		`{"scenario": "03-lambda-payments-secret", "request": "payment-reads-secret"}`,
		`{"scenario": 1, "request": []}`, `{"fragment": "#v1.AAAA"}`, `{"fragment": "#v1.q1YqSs3NSVGyUlBKSs0"}`,
		`{`, `[]`, `null`, `"x"`, "{\"policies\": {\"identity\": [{\"name\": \"a\", \"document\": \"{\\\"Statement\\\": [\"}]}}",
	} {
		f.Add(s)
	}
	h := web.New(web.Config{Links: &memStore{m: map[string]string{}}})
	ok := map[int]bool{200: true, 201: true, 400: true, 413: true, 422: true}
	f.Fuzz(func(t *testing.T, body string) {
		for _, p := range []string{"/api/evaluate", "/api/links"} {
			req := httptest.NewRequest(http.MethodPost, p, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if !ok[rec.Code] {
				t.Fatalf("%s: status %d: %s", p, rec.Code, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s: answer is not JSON: %q", p, rec.Body)
			}
		}
	})
}
