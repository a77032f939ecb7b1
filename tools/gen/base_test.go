package main

import (
	"strings"
	"testing"
)

// TestSubPath builds the test site for a sub-path: every root-relative
// link and script of every page moves under it, and without an origin
// there is no sitemap (one pointing at the wrong host is worse).
func TestSubPath(t *testing.T) {
	cfg := testConfig(t, "testdata/site/content")
	cfg.Base = "/iam/"
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	files := readTree(t, cfg.Out)
	if _, ok := files["sitemap.xml"]; ok {
		t.Error("sitemap.xml written without an origin")
	}
	n := 0
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, a := range attrs(b, "href", "src") {
			if strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "/iam/") {
				t.Errorf("%s: %s is not under /iam/", name, a.Val)
			}
			if strings.HasPrefix(a.Val, "/iam/") {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no links under /iam/")
	}
	if !strings.Contains(string(files["404.html"]), `href="/iam/assets/site.css"`) {
		t.Error("the 404 page's stylesheet is not under /iam/")
	}
}

// TestSitemapOrigin: the sitemap names the real origin and sub-path.
func TestSitemapOrigin(t *testing.T) {
	for _, tt := range []struct{ base, origin, want string }{
		{"/", "https://iam.example.org", "<loc>https://iam.example.org/lessons/</loc>"},
		{"/iam", "https://example.org/", "<loc>https://example.org/iam/lessons/</loc>"},
		{"https://example.org/iam/", "", "<loc>https://example.org/iam/lessons/</loc>"},
	} {
		cfg := testConfig(t, "testdata/site/content")
		cfg.Base, cfg.Origin = tt.base, tt.origin
		if err := Build(cfg); err != nil {
			t.Fatal(err)
		}
		if sm := string(readTree(t, cfg.Out)["sitemap.xml"]); !strings.Contains(sm, tt.want) {
			t.Errorf("-base %s -origin %s: sitemap lacks %s:\n%s", tt.base, tt.origin, tt.want, sm)
		}
	}
}

func TestBadBase(t *testing.T) {
	for _, c := range []Config{{Base: "//host/x"}, {Base: "/x?y"}, {Base: "/", Origin: "example.org"}, {Base: "/", Origin: "https://example.org/iam/"}} {
		if err := c.checkBase(); err == nil {
			t.Errorf("-base %q -origin %q accepted", c.Base, c.Origin)
		}
	}
}

func TestRebaseHTML(t *testing.T) {
	in := `<a href="/x/">x</a> <a href="//cdn.example/y">y</a> <a href="z/">z</a> <script src="/assets/a.js"></script> <img alt="/q">`
	want := `<a href="/iam/x/">x</a> <a href="//cdn.example/y">y</a> <a href="z/">z</a> <script src="/iam/assets/a.js"></script> <img alt="/q">`
	if got := string(rebaseHTML([]byte(in), "/iam/")); got != want {
		t.Errorf("rebaseHTML:\n got %s\nwant %s", got, want)
	}
}
