package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/wasm/share"
)

// TestEveryScenarioRequest evaluates every request of the library through
// the API both ways — by name, and as the flat input GET
// /api/scenarios/{id} gives — and checks the decision the scenario
// expects. (A request the world refuses although its policies allow it,
// "refused", evaluates to allowed as a flat input; one never sent,
// "notSent", has only the call that was meant as its input.)
func TestEveryScenarioRequest(t *testing.T) {
	srv := newServer(t, nil)
	var lib web.Library
	mustDecode(t, do(t, srv, call{method: "GET", path: "/api/scenarios"}).body, &lib)
	n := 0
	for _, ls := range lib.Scenarios {
		a := do(t, srv, call{method: "GET", path: "/api/scenarios/" + ls.ID})
		if a.status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", ls.ID, a.status, a.body)
		}
		var sc scenariojson.Scenario
		mustDecode(t, a.body, &sc)
		if len(sc.Requests) != len(ls.Requests) {
			t.Errorf("%s: %d requests, the library lists %d", ls.ID, len(sc.Requests), len(ls.Requests))
		}
		for _, rq := range sc.Requests {
			byName, _ := json.Marshal(map[string]string{"scenario": sc.ID, "request": rq.Name})
			var rep struct{ Decision, Expect string }
			a := do(t, srv, call{method: "POST", path: "/api/evaluate?trace=0", ctype: "application/json", body: string(byName)})
			mustDecode(t, a.body, &rep)
			if a.status != 200 || rep.Decision != rq.Expect || rep.Expect != rq.Expect {
				t.Errorf("%s / %s by name: status %d, decision %q, want %q", sc.ID, rq.Name, a.status, rep.Decision, rq.Expect)
			}
			want := rq.Expect
			if rq.Refused {
				want = "allowed"
			}
			if rq.NotSent != "" {
				n++
				continue
			}
			a = do(t, srv, call{method: "POST", path: "/api/evaluate?trace=0", ctype: "application/json", body: string(rq.Input)})
			mustDecode(t, a.body, &rep)
			if a.status != 200 || rep.Decision != want {
				t.Errorf("%s / %s as input: status %d, decision %q, want %q", sc.ID, rq.Name, a.status, rep.Decision, want)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no requests")
	}
}

// TestShortLinks stores a state, follows its short link back to the same
// fragment, and checks that storing it again gives the same link.
func TestShortLinks(t *testing.T) {
	store := &memStore{m: map[string]string{}}
	srv := newServer(t, store)
	frag := fragment(t, readFile(t, "testdata/allowed.json"))
	for _, body := range []string{frag, "https://example.test/play/" + frag} {
		b, _ := json.Marshal(web.NewLink{Fragment: body})
		a := do(t, srv, call{method: "POST", path: "/api/links", ctype: "application/json", body: string(b)})
		if a.status != http.StatusCreated {
			t.Fatalf("status %d: %s", a.status, a.body)
		}
		var l web.Link
		mustDecode(t, a.body, &l)
		if l.ID != web.LinkID(frag) || l.Path != "/s/"+l.ID || a.header.Get("Location") != l.Path {
			t.Fatalf("link %+v, Location %q; want ID %s", l, a.header.Get("Location"), web.LinkID(frag))
		}
		got := do(t, srv, call{method: "GET", path: l.Path})
		if got.status != http.StatusFound || got.header.Get("Location") != "../play/"+frag {
			t.Fatalf("GET %s: %d, Location %q", l.Path, got.status, got.header.Get("Location"))
		}
		st, err := share.Parse(strings.TrimPrefix(got.header.Get("Location"), "../play/"))
		if err != nil || !strings.Contains(string(st.Input), "ReadReports") {
			t.Fatalf("the link holds %+v, %v", st, err)
		}
	}
	if len(store.m) != 1 {
		t.Errorf("%d links stored, want 1", len(store.m))
	}
}

// TestLinksOff: without a store there is no links endpoint, and health
// says so, so the page offers no short link.
func TestLinksOff(t *testing.T) {
	srv := newServer(t, nil)
	frag := fragment(t, readFile(t, "testdata/allowed.json"))
	b, _ := json.Marshal(web.NewLink{Fragment: frag})
	if a := do(t, srv, call{method: "POST", path: "/api/links", ctype: "application/json", body: string(b)}); a.status != http.StatusNotFound {
		t.Errorf("POST /api/links: %d", a.status)
	}
	if a := do(t, srv, call{method: "GET", path: "/s/" + web.LinkID(frag)}); a.status != http.StatusNotFound {
		t.Errorf("GET /s/…: %d", a.status)
	}
	var h web.Health
	mustDecode(t, do(t, srv, call{method: "GET", path: "/api/health"}).body, &h)
	if h.Links {
		t.Error("health says links are on")
	}
}

// TestWorkerSurface is the handler as the Worker runs it: no site, so
// paths outside the API are JSON 404s (Workers static assets answer them
// before Go is asked).
func TestWorkerSurface(t *testing.T) {
	srv := httptest.NewServer(web.New(web.Config{}))
	defer srv.Close()
	a := do(t, srv, call{method: "GET", path: "/play/"})
	if a.status != http.StatusNotFound {
		t.Fatalf("status %d", a.status)
	}
	errorBody(t, a)
	if a := do(t, srv, call{method: "POST", path: "/play/", ctype: "application/json", body: "{}"}); a.status != http.StatusMethodNotAllowed || a.header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("POST to a page: %d, Allow %q", a.status, a.header.Get("Allow"))
	}
	if a := do(t, srv, call{method: "GET", path: "/s/AAAAAAAAAAAAAAAA"}); a.status != http.StatusNotFound {
		t.Fatalf("short link without a store: %d", a.status)
	}
}

// TestHeadersFile: the Worker's _headers carries the same security headers
// as the native answers, and the immutable rule for content-named files.
func TestHeadersFile(t *testing.T) {
	f := web.HeadersFile()
	h := http.Header{}
	web.SecurityHeaders(h)
	for k := range h {
		if !strings.Contains(f, "\n  "+k+": "+h.Get(k)+"\n") {
			t.Errorf("_headers lacks %s: %s", k, h.Get(k))
		}
	}
	if !strings.Contains(f, "/play/cm-*\n  Cache-Control: "+web.CacheImmutable+"\n") {
		t.Errorf("_headers lacks the immutable rule:\n%s", f)
	}
}

func TestCacheControl(t *testing.T) {
	for _, tt := range []struct{ path, query, want string }{
		{"/play/cm-ABC123.js", "", web.CacheImmutable},
		{"/play/cm-abc.js", "", web.CacheRevalidate},
		{"/play/cm-.js", "", web.CacheRevalidate},
		{"/cm-ABC.js", "", web.CacheRevalidate},
		{"/play/app.js", "v=0a1b2c", web.CacheImmutable},
		{"/play/app.js", "x=1&v=0a1b2c", web.CacheImmutable},
		{"/play/app.js", "", web.CacheRevalidate},
		{"/play/", "", web.CacheRevalidate},
	} {
		if got := web.CacheControl(tt.path, tt.query); got != tt.want {
			t.Errorf("CacheControl(%q, %q) = %q, want %q", tt.path, tt.query, got, tt.want)
		}
	}
}

// TestBodyLimitWithoutLength: a body sent without a Content-Length (in
// chunks) is cut at MaxBody and answered 413 too.
func TestBodyLimitWithoutLength(t *testing.T) {
	srv := newServer(t, nil)
	for _, tt := range []struct {
		size   int
		status int
	}{{web.MaxBody + 1, http.StatusRequestEntityTooLarge}, {web.MaxBody - 100, http.StatusUnprocessableEntity}} {
		body := io.MultiReader(strings.NewReader(`{"name":"`), strings.NewReader(strings.Repeat("x", tt.size-11)), strings.NewReader(`"}`))
		req, err := http.NewRequest("POST", srv.URL+"/api/evaluate", body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tt.status {
			t.Errorf("%d bytes in chunks: status %d, want %d: %.200s", tt.size, res.StatusCode, tt.status, b)
		}
	}
}
