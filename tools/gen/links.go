package main

import (
	"bytes"
	"html"
	"net/url"
	"path"
	"path/filepath"
	"strings"
)

// attr is one attribute value found in generated HTML, at byte offset Off.
type attr struct {
	Val string
	Off int
}

// attrs finds the values of the named attributes in HTML the generator
// wrote itself, where attributes are always double-quoted. It is a plain
// scan rather than a regular expression: the site is megabytes of HTML.
func attrs(b []byte, names ...string) []attr {
	var out []attr
	for i := 0; i < len(b); {
		j := bytes.IndexByte(b[i:], '=')
		if j < 0 {
			break
		}
		eq := i + j
		i = eq + 1
		if eq+1 >= len(b) || b[eq+1] != '"' {
			continue
		}
		for _, n := range names {
			start := eq - len(n)
			if start < 1 || string(b[start:eq]) != n {
				continue
			}
			if c := b[start-1]; c != ' ' && c != '\n' && c != '\t' {
				continue
			}
			end := bytes.IndexByte(b[eq+2:], '"')
			if end < 0 {
				return out
			}
			out = append(out, attr{Val: html.UnescapeString(string(b[eq+2 : eq+2+end])), Off: start})
			i = eq + 2 + end + 1
			break
		}
	}
	return out
}

// siteIndex knows which pages and anchors a built site has.
type siteIndex struct {
	files map[string][]byte
	ids   map[string]map[string]bool // HTML file → its ids
	keep  []string
}

func newSiteIndex(files map[string][]byte, keep []string) *siteIndex {
	x := &siteIndex{files: files, ids: map[string]map[string]bool{}, keep: keep}
	for name, b := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		ids := map[string]bool{}
		for _, a := range attrs(b, "id") {
			ids[a.Val] = true
		}
		x.ids[name] = ids
	}
	return x
}

// check says why an internal link from page (a URL path) to ref is broken,
// or returns "" when the link works or leaves the site.
func (x *siteIndex) check(page, ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return err.Error()
	}
	if u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "//") {
		return ""
	}
	p := u.Path
	if p == "" {
		p = page
	} else if !strings.HasPrefix(p, "/") {
		p = path.Join(path.Dir(page+"x"), p)
		if strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(p, "/") {
			p += "/"
		}
	}
	first, _, _ := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	for _, k := range x.keep {
		if first == k {
			return "" // another build step makes it
		}
	}
	file := strings.TrimPrefix(p, "/")
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	if _, ok := x.files[file]; !ok {
		if _, ok := x.files[file+"/index.html"]; !ok {
			return "the site has no " + p
		}
		file += "/index.html"
	}
	if u.Fragment == "" {
		return ""
	}
	ids, ok := x.ids[file]
	if !ok {
		return ""
	}
	if !ids[u.Fragment] {
		return p + " has no anchor #" + u.Fragment
	}
	return ""
}

// pageURL is the URL path a generated file is served at.
func pageURL(file string) string {
	if file == "index.html" {
		return "/"
	}
	if strings.HasSuffix(file, "/index.html") {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}

// checkSite checks every internal link and anchor of a built site, and
// that no page uses an id twice. outDir names the files in problems.
func checkSite(files map[string][]byte, keep []string, outDir string) Problems {
	x := newSiteIndex(files, keep)
	var probs Problems
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		b := files[name]
		file := path.Join(outDir, name)
		for _, a := range attrs(b, "href", "src") {
			if msg := x.check(pageURL(name), a.Val); msg != "" {
				probs.Addf(file, 1+bytes.Count(b[:a.Off], []byte("\n")), "broken link %s: %s", a.Val, msg)
			}
		}
		seen := map[string]bool{}
		for _, a := range attrs(b, "id") {
			if seen[a.Val] {
				probs.Addf(file, 1+bytes.Count(b[:a.Off], []byte("\n")), "id %q is used twice on the page", a.Val)
			}
			seen[a.Val] = true
		}
	}
	return probs
}

// checkLinks checks the links written in Markdown first, so that a broken
// one is reported at its file and line, then every link of the built site.
func (s *siteEnv) checkLinks() {
	x := newSiteIndex(s.out, s.cfg.Keep)
	n := len(s.probs)
	for _, l := range s.links {
		if msg := x.check("/", l.Target); msg != "" { // targets are already absolute
			s.probs.Addf(l.File, l.Line, "broken link %s: %s", l.Raw, msg)
		}
	}
	if len(s.probs) > n {
		return
	}
	s.probs = append(s.probs, checkSite(s.out, s.cfg.Keep, filepath.ToSlash(s.cfg.Out))...)
}
