package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestShortLink: served with its API (as `iamplay serve --links` does),
// the page offers a short link; following it in a fresh browser context
// redirects to the playground with the same state. Every page here is
// served with internal/web's Content-Security-Policy.
func TestShortLink(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	waitFor(t, ctx, `!document.getElementById("short-link").hidden`)
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	want := decision(t, ctx)
	model := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model().req)`)
	do(t, ctx, chromedp.Click(chromedp.ID("short-link")))
	waitFor(t, ctx, `document.getElementById("share-link").value.includes("/s/")`)
	url := eval[string](t, ctx, `document.getElementById("share-link").value`)
	if !strings.HasPrefix(url, site.URL+"/s/") {
		t.Fatalf("short link %q", url)
	}

	ctx2 := tab(t)
	open(t, ctx2, url)
	waitFor(t, ctx2, `!!window.iamplayPlay.report()`)
	if got := decision(t, ctx2); got != want {
		t.Errorf("decision %q after the short link, want %q", got, want)
	}
	if got := eval[string](t, ctx2, `JSON.stringify(window.iamplayPlay.model().req)`); got != model {
		t.Errorf("request after the short link\n got %s\nwant %s", got, model)
	}
	if p := eval[string](t, ctx2, `location.pathname`); p != "/play/" {
		t.Errorf("the short link landed on %q", p)
	}
}
