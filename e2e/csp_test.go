package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/e2e/browser"
	"github.com/iamplayground/iamplay/internal/web"
)

// recordCSP is run before any script of a page: it keeps every
// Content-Security-Policy violation the page causes in window.__csp.
const recordCSP = `window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});`

// TestPagesUnderCSP loads the generated pages and the playground with the
// headers of internal/web (as `iamplay serve` and the Worker's _headers
// send them) and checks that the Content-Security-Policy blocks nothing
// the pages use: no inline script or style, no eval beyond WebAssembly.
func TestPagesUnderCSP(t *testing.T) {
	_ = tab(t) // skips, or fails, when there is no browser
	repo, err := browser.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	cmd := exec.Command("go", "run", "./tools/gen", "-out", out)
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./tools/gen: %v\n%s", err, b)
	}
	// A control page with an inline script, which the policy must block:
	// proof that violations are seen at all.
	if err := os.MkdirAll(filepath.Join(out, "csp-control"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "csp-control", "index.html"), []byte("<!doctype html><title>x</title><script>window.inline = 1</script>"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, err := web.NewFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	defer files.Close()
	pages := web.New(web.Config{Site: files})
	play, err := url.Parse(site.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(play) // the playground, served by internal/web too
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/play/") {
			proxy.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	}))
	defer srv.Close()

	for _, p := range []struct {
		path, ready string
		blocked     bool
	}{
		{"/csp-control/", `document.readyState === "complete"`, true},
		{"/", `document.readyState === "complete"`, false},
		{"/lessons/what-is-iam/", `document.readyState === "complete"`, false},
		{"/scenarios/", `document.readyState === "complete"`, false},
		{"/no/such/page/", `document.readyState === "complete"`, false},
		{"/play/", `document.body.dataset.ready === "true" && !!window.iamplayPlay.report()`, false},
	} {
		t.Run(p.path, func(t *testing.T) {
			ctx := tab(t)
			do(t, ctx, chromedp.Func(func(c context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(c, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: recordCSP})
				return err
			}), chromedp.Navigate(srv.URL+p.path))
			waitFor(t, ctx, p.ready)
			v := eval[[]string](t, ctx, `window.__csp`)
			if p.blocked && (len(v) == 0 || eval[bool](t, ctx, `window.inline === 1`)) {
				t.Errorf("the control page's inline script was not blocked (violations %v)", v)
			}
			if !p.blocked && len(v) > 0 {
				t.Errorf("the Content-Security-Policy blocked: %v", v)
			}
		})
	}
}
