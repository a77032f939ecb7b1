package e2e

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/e2e/browser"
)

// lessonSite builds the tutorial site with tools/gen into a temporary
// directory and serves it together with the playground under test: pages
// from the build, /play/ from the playground's server. Both go away when
// the test ends.
func lessonSite(t *testing.T) *httptest.Server {
	t.Helper()
	repo, err := browser.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "dist")
	cmd := exec.Command("go", "run", "./tools/gen", "-out", out)
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatal(&genError{err: err, out: string(b)})
	}
	play, err := url.Parse(site.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(play)
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/play/") {
			proxy.ServeHTTP(w, r)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

type genError struct {
	err error
	out string
}

func (e *genError) Error() string { return "go run ./tools/gen: " + e.err.Error() + "\n" + e.out }

// TestLessonTryIt clicks a lesson example's "Try it" link and checks that
// the playground opens showing the decision the lesson states.
func TestLessonTryIt(t *testing.T) {
	tests := []struct {
		name, page, example string
	}{
		{"self-contained, implicit deny", "/lessons/what-is-iam/", "example-1"},
		{"self-contained, allowed", "/lessons/what-is-iam/", "example-2"},
		{"conditions, explicit deny", "/lessons/conditions/", "example-1"},
		{"scenario reference", "/lessons/identity-center/", "example-1"},
	}
	_ = tab(t) // skips, or fails, when there is no browser
	srv := lessonSite(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := tab(t)
			sel := "#" + tt.example
			do(t, ctx, chromedp.Navigate(srv.URL+tt.page), chromedp.WaitVisible(chromedp.CSS(sel+" a.button")))
			want := eval[string](t, ctx, `document.querySelector("`+sel+`").dataset.expect`)
			if want == "" {
				t.Fatalf("%s%s states no decision", tt.page, sel)
			}
			do(t, ctx, chromedp.Click(chromedp.CSS(sel+" a.button")), chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)))
			waitFor(t, ctx, `((window.iamplayPlay && window.iamplayPlay.report()) || {}).decision !== undefined`)
			if got := decision(t, ctx); got != want {
				t.Errorf("%s%s states %s; the playground shows %s (banner %q)", tt.page, sel, want, got, banner(t, ctx))
			}
		})
	}
}

// TestLessonSearch types into the site search and follows a result.
func TestLessonSearch(t *testing.T) {
	_ = tab(t)
	srv := lessonSite(t)
	ctx := tab(t)
	do(t, ctx,
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("#search")),
		chromedp.SendKeys(chromedp.CSS("#search"), "externalid"),
		chromedp.WaitVisible(chromedp.CSS(`#search-results a[href="/lessons/cross-account-access/"]`)),
		chromedp.Click(chromedp.CSS(`#search-results a[href="/lessons/cross-account-access/"]`)),
		chromedp.WaitVisible(chromedp.CSS("article.lesson h1")),
	)
	if got := eval[string](t, ctx, `document.querySelector("article.lesson h1").textContent`); !strings.Contains(got, "ExternalId") {
		t.Errorf("search result opened %q", got)
	}
}
