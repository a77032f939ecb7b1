package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/internal/web/dirstore"
	"github.com/iamplayground/iamplay/wasm/share"
)

var (
	wk      *Worker
	native  *httptest.Server // internal/web natively, over the same site
	dist    string           // the built site
	skipMsg string
	setup   error
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	dir, err := os.MkdirTemp("", "iamplay-worker-")
	if err != nil {
		setup = err
		return m.Run()
	}
	defer os.RemoveAll(dir)
	e, err := Build(dir)
	switch {
	case err == ErrNoWrangler && !required():
		skipMsg = err.Error()
		return m.Run()
	case err == ErrNoWrangler:
		setup = fmt.Errorf("%s or %s is set, but wrangler is not installed: run `npm ci`", RequireEnv, "IAMPLAY_REQUIRE_BROWSER")
		return m.Run()
	case err != nil:
		setup = err
		return m.Run()
	}
	dist = e.Dist
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	wk, err = e.Start(ctx)
	if err != nil {
		setup = err
		return m.Run()
	}
	defer wk.Stop()
	files, err := web.NewFiles(e.Dist)
	if err != nil {
		setup = err
		return m.Run()
	}
	defer files.Close()
	links, err := dirstore.Open(filepath.Join(dir, "links"))
	if err != nil {
		setup = err
		return m.Run()
	}
	native = httptest.NewServer(web.New(web.Config{Site: files, Links: links, Build: BuildName}))
	defer native.Close()
	return m.Run()
}

// ready skips or fails the test when there is no Worker.
func ready(t *testing.T) {
	t.Helper()
	if setup != nil {
		t.Fatal(setup)
	}
	if wk == nil {
		if required() {
			t.Fatalf("%s is set but the Worker could not run", RequireEnv)
		}
		t.Skip(skipMsg)
	}
}

// request is one HTTP request of the tests, sent alike to both hosts.
type request struct {
	method, path, ctype string
	body                []byte
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Transport:     &http.Transport{MaxIdleConnsPerHost: 32, DisableCompression: true},
}

func send(base string, r request) (answer, error) {
	req, err := http.NewRequest(r.method, base+r.path, bytes.NewReader(r.body))
	if err != nil {
		return answer{}, err
	}
	if r.ctype != "" {
		req.Header.Set("Content-Type", r.ctype)
	}
	res, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{res.StatusCode, res.Header, b}, err
}

func mustSend(t *testing.T, base string, r request) answer {
	t.Helper()
	a, err := send(base, r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return a
}

func postJSON(path string, body []byte) request {
	return request{method: "POST", path: path, ctype: "application/json", body: body}
}

// TestStaticSite: pages come from Workers static assets with the
// _headers of internal/web, and misses get the site's 404 page.
func TestStaticSite(t *testing.T) {
	ready(t)
	for _, tt := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, "IAM Playground"},
		{"/play/", 200, "Playground"},
		{"/lessons/", 200, "Lessons"},
		{"/no/such/page/", 404, "no page at this address"},
	} {
		a := mustSend(t, wk.URL, request{method: "GET", path: tt.path})
		if a.status != tt.status || !strings.Contains(string(a.body), tt.want) {
			t.Errorf("GET %s: %d, body has %q: %v", tt.path, a.status, tt.want, strings.Contains(string(a.body), tt.want))
		}
		h := http.Header{}
		web.SecurityHeaders(h)
		for k := range h {
			if a.header.Get(k) != h.Get(k) {
				t.Errorf("GET %s: %s %q, want %q", tt.path, k, a.header.Get(k), h.Get(k))
			}
		}
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q", tt.path, ct)
		}
	}
	// The content-named CodeMirror chunk is cached for good; HTML is
	// revalidated.
	var chunk string
	entries, err := os.ReadDir(filepath.Join(dist, "play"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range entries {
		if strings.HasPrefix(f.Name(), "cm-") && strings.HasSuffix(f.Name(), ".js") {
			chunk = f.Name()
		}
	}
	if a := mustSend(t, wk.URL, request{method: "GET", path: "/play/" + chunk}); a.header.Get("Cache-Control") != web.CacheImmutable {
		t.Errorf("%s: Cache-Control %q", chunk, a.header.Get("Cache-Control"))
	}
	if a := mustSend(t, wk.URL, request{method: "GET", path: "/play/"}); !strings.Contains(a.header.Get("Cache-Control"), "must-revalidate") {
		t.Errorf("/play/: Cache-Control %q", a.header.Get("Cache-Control"))
	}
	for _, p := range []string{"/_headers", "/.assetsignore"} {
		if a := mustSend(t, wk.URL, request{method: "GET", path: p}); a.status != 404 {
			t.Errorf("GET %s: %d", p, a.status)
		}
	}
}

// library returns every scenario request, from the Worker's API.
func library(t *testing.T) web.Library {
	t.Helper()
	a := mustSend(t, wk.URL, request{method: "GET", path: "/api/scenarios"})
	var lib web.Library
	if err := json.Unmarshal(a.body, &lib); err != nil || a.status != 200 || len(lib.Scenarios) == 0 {
		t.Fatalf("GET /api/scenarios: %d, %v: %.200s", a.status, err, a.body)
	}
	return lib
}

// TestEveryScenarioRequest evaluates every request of the library on the
// Worker and checks its expected decision, and that the answer is the
// native handler's, byte for byte.
func TestEveryScenarioRequest(t *testing.T) {
	ready(t)
	lib := library(t)
	type job struct{ id, name, expect string }
	var jobs []job
	for _, s := range lib.Scenarios {
		for _, r := range s.Requests {
			jobs = append(jobs, job{s.ID, r.Name, r.Expect})
		}
	}
	var wg sync.WaitGroup
	ch := make(chan job)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				body, _ := json.Marshal(map[string]string{"scenario": j.id, "request": j.name})
				req := postJSON("/api/evaluate", body)
				got, err := send(wk.URL, req)
				if err != nil {
					t.Errorf("%s / %s: %v", j.id, j.name, err)
					continue
				}
				var rep struct{ Decision string }
				json.Unmarshal(got.body, &rep)
				if got.status != 200 || rep.Decision != j.expect {
					t.Errorf("%s / %s: %d, decision %q, want %q", j.id, j.name, got.status, rep.Decision, j.expect)
				}
				want, err := send(native.URL, req)
				if err == nil && !bytes.Equal(got.body, want.body) {
					t.Errorf("%s / %s: the Worker's answer differs from the native one", j.id, j.name)
				}
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	t.Logf("%d scenario requests", len(jobs))
}

// TestShortLinkRoundTrip stores a playground state in the local KV and
// follows its short link back to the same state.
func TestShortLinkRoundTrip(t *testing.T) {
	ready(t)
	a := mustSend(t, wk.URL, request{method: "GET", path: "/api/scenarios/03-lambda-payments-secret"})
	var sc scenariojson.Scenario
	if err := json.Unmarshal(a.body, &sc); err != nil || len(sc.Requests) == 0 {
		t.Fatalf("scenario: %d %v", a.status, err)
	}
	st := share.State{Engine: engine.Version, Scenario: sc.ID, Request: sc.Requests[0].Name, Input: sc.Requests[0].Input}
	frag, err := share.Fragment(st)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(web.NewLink{Fragment: frag})
	a = mustSend(t, wk.URL, postJSON("/api/links", body))
	var l web.Link
	if err := json.Unmarshal(a.body, &l); err != nil || a.status != http.StatusCreated || l.Path != "/s/"+web.LinkID(frag) {
		t.Fatalf("POST /api/links: %d %s", a.status, a.body)
	}
	a = mustSend(t, wk.URL, request{method: "GET", path: l.Path})
	loc := a.header.Get("Location")
	if a.status != http.StatusFound || loc != "../play/"+frag {
		t.Fatalf("GET %s: %d, Location %.80q", l.Path, a.status, loc)
	}
	back, err := share.Parse(loc)
	if err != nil || back.Scenario != st.Scenario || back.Request != st.Request || !bytes.Equal(back.Input, st.Input) {
		t.Fatalf("the link holds another state: %v", err)
	}
	if a := mustSend(t, wk.URL, request{method: "GET", path: "/s/AAAAAAAAAAAAAAAA"}); a.status != 404 {
		t.Errorf("unknown short link: %d", a.status)
	}
}

// TestLoad sends 2,000 mixed good and bad requests, 20 at a time, to the
// Worker and the same to the native handler: no 5xx, the same status and
// body from both, and the Worker still answers afterwards.
func TestLoad(t *testing.T) {
	ready(t)
	reqs := mix(t, 2000)
	var (
		mu       sync.Mutex
		failures []string
		statuses = map[int]int{}
	)
	ch := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < 20; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range ch {
				r := reqs[i]
				got, err := send(wk.URL, r)
				msg := ""
				switch {
				case err != nil:
					msg = err.Error()
				case got.status >= 500:
					msg = fmt.Sprintf("status %d: %.200s", got.status, got.body)
				default:
					want, err := send(native.URL, r)
					if err != nil {
						msg = "native: " + err.Error()
					} else if got.status != want.status {
						msg = fmt.Sprintf("status %d, natively %d", got.status, want.status)
					} else if strings.HasPrefix(r.path, "/api/") && !bytes.Equal(got.body, want.body) {
						msg = fmt.Sprintf("body %.120s, natively %.120s", got.body, want.body)
					}
				}
				mu.Lock()
				if err == nil {
					statuses[got.status]++
				}
				if msg != "" {
					failures = append(failures, fmt.Sprintf("%s %s: %s", r.method, r.path, msg))
				}
				mu.Unlock()
			}
		}()
	}
	for i := range reqs {
		ch <- i
	}
	close(ch)
	wg.Wait()
	t.Logf("%d requests in %v; statuses %v", len(reqs), time.Since(start).Round(time.Millisecond), statuses)
	for i, f := range failures {
		if i == 10 {
			t.Errorf("… and %d more", len(failures)-10)
			break
		}
		t.Error(f)
	}
	if a, err := send(wk.URL, request{method: "GET", path: "/api/health"}); err != nil || a.status != 200 {
		t.Errorf("the Worker does not answer after the load: %v", err)
	}
	// Errors the runtime logs without failing a request: a request
	// cancelled as hung, I/O across requests, an uncaught exception.
	if out := wk.log.Tail(1 << 22); strings.Contains(out, "[ERROR]") || strings.Contains(out, "Uncaught") {
		t.Error("wrangler logged errors")
	}
	if t.Failed() {
		t.Logf("wrangler's output ends with:\n%s", wk.log.Tail(6000))
	}
}

// mix returns n requests cycling through good and bad kinds.
func mix(t *testing.T, n int) []request {
	lib := library(t)
	var byName [][]byte
	for _, s := range lib.Scenarios {
		for _, r := range s.Requests {
			b, _ := json.Marshal(map[string]string{"scenario": s.ID, "request": r.Name})
			byName = append(byName, b)
		}
	}
	a := mustSend(t, wk.URL, request{method: "GET", path: "/api/scenarios/" + lib.Scenarios[0].ID})
	var sc scenariojson.Scenario
	json.Unmarshal(a.body, &sc)
	input := []byte(sc.Requests[0].Input)
	frag, _ := share.Fragment(share.State{Engine: engine.Version, Input: input})
	link, _ := json.Marshal(web.NewLink{Fragment: frag})
	// The link exists on both hosts before the load, so that a GET never
	// races its POST.
	for _, base := range []string{wk.URL, native.URL} {
		if a := mustSend(t, base, postJSON("/api/links", link)); a.status != http.StatusCreated {
			t.Fatalf("POST /api/links: %d %s", a.status, a.body)
		}
	}
	big := append([]byte(`{"name":"`), bytes.Repeat([]byte("x"), web.MaxBody)...)
	kinds := []func(i int) request{
		func(i int) request { return postJSON("/api/evaluate", byName[i%len(byName)]) },
		func(i int) request { return postJSON("/api/evaluate?trace=0", input) },
		func(i int) request { return postJSON("/api/evaluate", input) },
		func(i int) request { return postJSON("/api/evaluate", []byte("{\n  \"policies\": [1,")) },
		func(i int) request {
			return postJSON("/api/evaluate", []byte(`{"scenario": "99-none", "request": "x"}`))
		},
		func(i int) request {
			return request{method: "POST", path: "/api/evaluate", ctype: "text/plain", body: input}
		},
		func(i int) request { return request{method: "GET", path: "/api/evaluate"} },
		func(i int) request { return request{method: "GET", path: "/api/health"} },
		func(i int) request { return request{method: "GET", path: "/api/nope"} },
		func(i int) request {
			return request{method: "GET", path: "/api/scenarios/" + lib.Scenarios[i%len(lib.Scenarios)].ID}
		},
		func(i int) request { return postJSON("/api/links", link) },
		func(i int) request { return postJSON("/api/links", []byte(`{"fragment": "#v1.!!"}`)) },
		func(i int) request { return request{method: "GET", path: "/s/" + web.LinkID(frag)} },
		func(i int) request { return request{method: "GET", path: "/"} },
		func(i int) request { return request{method: "GET", path: "/play/"} },
		func(i int) request { return request{method: "DELETE", path: "/play/"} },
		func(i int) request {
			if i%10 == 0 { // a few bodies over the limit
				return postJSON("/api/evaluate", big)
			}
			return request{method: "GET", path: "/api/scenarios/..%2F..%2Fetc"}
		},
	}
	out := make([]request, n)
	for i := range out {
		out[i] = kinds[i%len(kinds)](i / len(kinds))
	}
	return out
}
