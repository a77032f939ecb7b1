package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/scenarios"
	"github.com/iamplayground/iamplay/wasm/share"
)

// memStore is a Store in memory, for tests of the handler alone; the
// real stores are tested in dirstore and, for Workers KV, in e2e/worker.
type memStore struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *memStore) Get(_ context.Context, id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.m[id]
	if !ok {
		return "", web.ErrNoLink
	}
	return f, nil
}

func (s *memStore) Put(_ context.Context, id, f string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[id] = f
	return nil
}

// site writes a small built site, with the traps the file server must
// avoid: a hidden file, the Worker's _headers, a directory without an
// index, and symbolic links inside and out of the site.
func site(t *testing.T) string {
	t.Helper()
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string]string{
		"index.html":           "<!doctype html><title>home</title>",
		"404.html":             "<!doctype html><title>Page not found</title>",
		"play/index.html":      "<!doctype html><title>play</title>",
		"play/engine.wasm":     "\x00asm\x01\x00\x00\x00",
		"play/app.js":          "export {}",
		"play/cm-AB12CD34.js":  "export const cm = 1",
		"play/scenarios.json":  `{"engine":"x"}`,
		"lessons/index.html":   "<!doctype html><title>lessons</title>",
		"sitemap.xml":          "<urlset/>",
		"empty/.keep":          "",
		"_headers":             "/*\n  X: y\n",
		".hidden":              "hidden",
		"assets/site.css":      "body{}",
		"assets/inner/real.js": "export {}",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range map[string]string{
		"out.txt":        filepath.Join(outside, "secret.txt"),
		"outdir":         outside,
		"assets/rel.txt": "../../" + filepath.Base(outside) + "/secret.txt",
		"assets/in.js":   "inner/real.js",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(link))); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	return dir
}

func newServer(t *testing.T, links web.Store) *httptest.Server {
	t.Helper()
	files, err := web.NewFiles(site(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { files.Close() })
	srv := httptest.NewServer(web.New(web.Config{Site: files, Links: links, Build: "test"}))
	t.Cleanup(srv.Close)
	srv.Client().CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return srv
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func fragment(t *testing.T, input string) string {
	t.Helper()
	f, err := share.Fragment(share.State{Engine: engine.Version, Input: json.RawMessage(input)})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

type call struct {
	method, path, ctype, body string
	header                    map[string]string
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func do(t *testing.T, srv *httptest.Server, c call) answer {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, srv.URL+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if c.ctype != "" {
		req.Header.Set("Content-Type", c.ctype)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{res.StatusCode, res.Header, b}
}

// errorBody decodes an error answer, failing unless it is one.
func errorBody(t *testing.T, a answer) apiError {
	t.Helper()
	if ct := a.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("error answer has Content-Type %q: %s", ct, a.body)
	}
	var e apiError
	dec := json.NewDecoder(bytes.NewReader(a.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error answer %s: %v", a.body, err)
	}
	if e.Code == "" || e.Message == "" {
		t.Fatalf("error answer without code or message: %s", a.body)
	}
	return e
}

func TestHandler(t *testing.T) {
	allowed := readFile(t, "testdata/allowed.json")
	big := `{"name":"` + strings.Repeat("x", web.MaxBody) + `"}`
	srv := newServer(t, &memStore{m: map[string]string{}})
	const jsonType = "application/json"

	tests := []struct {
		name string
		call
		status int
		code   string            // error code, for an error answer
		line   int               // error line, when it has one
		header map[string]string // headers the answer must carry
		check  func(t *testing.T, a answer)
	}{
		{name: "health", call: call{method: "GET", path: "/api/health"}, status: 200,
			check: func(t *testing.T, a answer) {
				var h web.Health
				mustDecode(t, a.body, &h)
				names, _ := fs.Glob(scenarios.FS, "*.json")
				if h.Engine != engine.Version || h.Build != "test" || h.Scenarios != len(names) || !h.Links {
					t.Errorf("health %+v, want engine %s, build test, %d scenarios, links on", h, engine.Version, len(names))
				}
			}},
		{name: "health is read-only", call: call{method: "POST", path: "/api/health"}, status: 405, code: "methodNotAllowed",
			header: map[string]string{"Allow": "GET, HEAD"}},
		{name: "evaluate needs POST", call: call{method: "GET", path: "/api/evaluate"}, status: 405, code: "methodNotAllowed",
			header: map[string]string{"Allow": "POST"}},
		{name: "evaluate an input", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: allowed}, status: 200,
			header: map[string]string{"Cache-Control": "no-store"},
			check: func(t *testing.T, a answer) {
				var ev struct {
					Decision, Reason string
					Flow             []json.RawMessage
					Keys, Trace      json.RawMessage
				}
				mustDecode(t, a.body, &ev)
				if ev.Decision != "allowed" || ev.Reason == "" || len(ev.Flow) == 0 || ev.Trace == nil || ev.Keys == nil {
					t.Errorf("report %s", a.body)
				}
			}},
		{name: "evaluate without the trace", call: call{method: "POST", path: "/api/evaluate?trace=0", ctype: jsonType, body: allowed}, status: 200,
			check: func(t *testing.T, a answer) {
				var rep map[string]json.RawMessage
				mustDecode(t, a.body, &rep)
				if _, ok := rep["trace"]; ok || string(rep["decision"]) != `"allowed"` {
					t.Errorf("report %s", a.body)
				}
			}},
		{name: "bad JSON has its position", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: "{\n  \"name\": \"x\",\n  \"policies\": {,\n}"},
			status: 400, code: "json.syntax", line: 3},
		{name: "an invalid input is 422", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: `{"policies": {}, "request": {"principal": "x", "action": "s3:GetObject", "resource": "*"}, "color": 1}`},
			status: 422, line: 1,
			check: func(t *testing.T, a answer) {
				if e := errorBody(t, a); len(e.Errors) == 0 {
					t.Errorf("no problem list: %s", a.body)
				}
			}},
		{name: "not JSON is 415", call: call{method: "POST", path: "/api/evaluate", ctype: "text/plain", body: allowed}, status: 415, code: "unsupportedMediaType"},
		{name: "no content type is 415", call: call{method: "POST", path: "/api/evaluate", body: allowed}, status: 415, code: "unsupportedMediaType"},
		{name: "body over 1 MB is 413", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: big}, status: 413, code: "tooLarge"},
		{name: "scenario request", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType,
			body: `{"scenario": "03-lambda-payments-secret", "request": "payment-reads-secret"}`}, status: 200,
			check: func(t *testing.T, a answer) {
				var rep struct{ Request, Decision, Expect string }
				mustDecode(t, a.body, &rep)
				if rep.Decision == "" || rep.Decision != rep.Expect {
					t.Errorf("scenario report %s", a.body)
				}
			}},
		{name: "unknown scenario", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: `{"scenario": "99-nope", "request": "x"}`},
			status: 422, code: "scenario.unknown"},
		{name: "scenario ID that is a path", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: `{"scenario": "../go.mod", "request": "x"}`},
			status: 422, code: "scenario.unknown"},
		{name: "unknown request lists the requests", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType,
			body: `{"scenario": "03-lambda-payments-secret", "request": "nope"}`}, status: 422, code: "request.unknown",
			check: func(t *testing.T, a answer) {
				if !strings.Contains(string(a.body), "payment-reads-secret") {
					t.Errorf("message does not list the requests: %s", a.body)
				}
			}},
		{name: "scenario that is not a string", call: call{method: "POST", path: "/api/evaluate", ctype: jsonType, body: "{\n\"scenario\": 3}"},
			status: 422, code: "request.scenario", line: 2},
		{name: "library", call: call{method: "GET", path: "/api/scenarios"}, status: 200,
			check: func(t *testing.T, a answer) {
				var lib web.Library
				mustDecode(t, a.body, &lib)
				names, _ := fs.Glob(scenarios.FS, "*.json")
				if len(lib.Scenarios) != len(names) || lib.Engine != engine.Version {
					t.Fatalf("%d scenarios, want %d", len(lib.Scenarios), len(names))
				}
				for _, s := range lib.Scenarios {
					if s.Title == "" || len(s.Requests) == 0 {
						t.Errorf("scenario %+v", s)
					}
				}
			}},
		{name: "library is read-only", call: call{method: "DELETE", path: "/api/scenarios"}, status: 405, code: "methodNotAllowed"},
		{name: "one scenario", call: call{method: "GET", path: "/api/scenarios/03-lambda-payments-secret"}, status: 200,
			check: func(t *testing.T, a answer) {
				var s scenariojson.Scenario
				mustDecode(t, a.body, &s)
				if s.ID != "03-lambda-payments-secret" || len(s.Requests) == 0 || len(s.Requests[0].Input) == 0 {
					t.Errorf("scenario %s", a.body)
				}
			}},
		{name: "unknown scenario page", call: call{method: "GET", path: "/api/scenarios/99-nope"}, status: 404, code: "scenario.unknown"},
		{name: "scenario ID with a dot", call: call{method: "GET", path: "/api/scenarios/..%2fgo.mod"}, status: 404, code: "scenario.unknown"},
		{name: "unknown endpoint", call: call{method: "GET", path: "/api/nope"}, status: 404, code: "notFound"},
		{name: "link of a bad fragment", call: call{method: "POST", path: "/api/links", ctype: jsonType, body: `{"fragment": "#v1.AAAA"}`},
			status: 422, code: "link.invalid"},
		{name: "link body with an unknown field", call: call{method: "POST", path: "/api/links", ctype: jsonType, body: "{\"fragment\": \"#v1.x\",\n \"url\": 1}"},
			status: 400, code: "json.unknownField", line: 2},
		{name: "link body not JSON", call: call{method: "POST", path: "/api/links", ctype: jsonType, body: "{\"fragment\": }"},
			status: 400, code: "json.syntax", line: 1},
		{name: "link too long", call: call{method: "POST", path: "/api/links", ctype: jsonType, body: `{"fragment": "#v1.` + strings.Repeat("A", web.MaxLink) + `"}`},
			status: 413, code: "link.tooLarge"},
		{name: "links need POST", call: call{method: "GET", path: "/api/links"}, status: 405, code: "methodNotAllowed"},
		{name: "unknown short link is the 404 page", call: call{method: "GET", path: "/s/AAAAAAAAAAAAAAAA"}, status: 404,
			check: wantBody("Page not found")},
		{name: "malformed short link", call: call{method: "GET", path: "/s/%3Cscript%3E"}, status: 404, check: wantBody("Page not found")},
		{name: "short links are read-only", call: call{method: "POST", path: "/s/AAAAAAAAAAAAAAAA"}, status: 405, code: "methodNotAllowed"},
		{name: "home page", call: call{method: "GET", path: "/"}, status: 200, check: wantBody("<title>home</title>"),
			header: map[string]string{"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-cache"}},
		{name: "playground", call: call{method: "GET", path: "/play/"}, status: 200, check: wantBody("<title>play</title>")},
		{name: "directory without slash", call: call{method: "GET", path: "/lessons?x=1"}, status: 301,
			header: map[string]string{"Location": "/lessons/?x=1"}},
		{name: "wasm", call: call{method: "GET", path: "/play/engine.wasm"}, status: 200,
			header: map[string]string{"Content-Type": "application/wasm", "Cache-Control": "no-cache"}},
		{name: "asset with its hash is immutable", call: call{method: "GET", path: "/play/app.js?v=0123456789"}, status: 200,
			header: map[string]string{"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": web.CacheImmutable}},
		{name: "chunk named by its hash is immutable", call: call{method: "GET", path: "/play/cm-AB12CD34.js"}, status: 200,
			header: map[string]string{"Cache-Control": web.CacheImmutable}},
		{name: "sitemap", call: call{method: "GET", path: "/sitemap.xml"}, status: 200, header: map[string]string{"Content-Type": "application/xml; charset=utf-8"}},
		{name: "missing page is the site's 404", call: call{method: "GET", path: "/nope/"}, status: 404, check: wantBody("Page not found")},
		{name: "no directory listing", call: call{method: "GET", path: "/empty/"}, status: 404, check: wantBody("Page not found")},
		{name: "no _headers", call: call{method: "GET", path: "/_headers"}, status: 404},
		{name: "no hidden files", call: call{method: "GET", path: "/.hidden"}, status: 404},
		{name: "no symlink out of the site", call: call{method: "GET", path: "/out.txt"}, status: 404},
		{name: "no symlinked directory out of the site", call: call{method: "GET", path: "/outdir/secret.txt"}, status: 404},
		{name: "no relative symlink out of the site", call: call{method: "GET", path: "/assets/rel.txt"}, status: 404},
		{name: "symlink inside the site", call: call{method: "GET", path: "/assets/in.js"}, status: 200, check: wantBody("export")},
		{name: "dot-dot stays inside", call: call{method: "GET", path: "/play/../../etc/passwd"}, status: 404},
		{name: "component over the OS limit", call: call{method: "GET", path: "/" + strings.Repeat("a", 300) + "/x.html"}, status: 404},
		{name: "file name over the OS limit", call: call{method: "GET", path: "/play/" + strings.Repeat("b", 4000)}, status: 404},
		{name: "pages are read-only", call: call{method: "POST", path: "/play/", ctype: jsonType, body: "{}"}, status: 405,
			header: map[string]string{"Allow": "GET, HEAD"}},
		{name: "file as a directory", call: call{method: "GET", path: "/sitemap.xml/"}, status: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := do(t, srv, tt.call)
			if a.status != tt.status {
				t.Fatalf("status %d, want %d: %s", a.status, tt.status, a.body)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
				if a.header.Get(h) == "" {
					t.Errorf("no %s header", h)
				}
			}
			for k, v := range tt.header {
				if got := a.header.Get(k); got != v {
					t.Errorf("%s: %q, want %q", k, got, v)
				}
			}
			if tt.code != "" || tt.line != 0 {
				e := errorBody(t, a)
				if tt.code != "" && e.Code != tt.code {
					t.Errorf("code %q, want %q (%s)", e.Code, tt.code, e.Message)
				}
				if e.Line != tt.line {
					t.Errorf("line %d, want %d (%s)", e.Line, tt.line, a.body)
				}
				if tt.line != 0 && e.Column == 0 {
					t.Errorf("no column: %s", a.body)
				}
			}
			if tt.check != nil {
				tt.check(t, a)
			}
		})
	}
}

// apiError is web.Error as a client reads it.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Line    int               `json:"line"`
	Column  int               `json:"column"`
	Errors  []json.RawMessage `json:"errors"`
}

func mustDecode(t *testing.T, b []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
}

func wantBody(s string) func(t *testing.T, a answer) {
	return func(t *testing.T, a answer) {
		if !strings.Contains(string(a.body), s) {
			t.Errorf("body %q does not contain %q", a.body, s)
		}
	}
}
