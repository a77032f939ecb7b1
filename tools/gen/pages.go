package main

import (
	"bytes"
	"encoding/xml"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
)

// scenarioView is a scenario ready for its page.
type scenarioView struct {
	Scenario
	URL         string
	File        string // how problems name it
	Explanation template.HTML
	TOC         []tocEntry
	Policies    []scenarioPolicy // every distinct policy of the requests, shown once
	Requests    []requestView
	Lessons     []*lesson
	doc         *doc
}

// scenarioPolicy is one distinct policy document of a scenario.
type scenarioPolicy struct {
	ID   string // anchor: "policy-1", …
	Name string
	HTML template.HTML
}

// requestView is one request of a scenario, evaluated.
type requestView struct {
	ID                        string // anchor: "request-1", …
	Name, Description, Expect string
	Steps                     []string
	Request                   WorldRequest
	Context                   []contextView
	Policies                  []policyRef
	Verdict                   Verdict
	Link                      string
}

// policyRef names a scenario policy in the part it plays for one request.
type policyRef struct {
	Role, Name, ID string
}

// parseScenario checks a scenario's requests with the engine and parses
// its explanation.
func (s *siteEnv) parseScenario(sc Scenario) *scenarioView {
	v := &scenarioView{Scenario: sc, URL: "/scenarios/" + sc.ID + "/", File: sc.File}
	if v.File == "" {
		v.File = "scenarios/" + sc.ID
	}
	if sc.Title == "" {
		s.probs.Addf(v.File, 0, "the scenario has no title")
	}
	env := &docEnv{site: s, file: v.File + " (explanation)", url: v.URL, probs: &s.probs}
	v.doc = s.parseDoc(env, []byte(sc.Explanation))
	s.links = append(s.links, env.links...)
	seen := map[string]string{} // name and document → policy anchor
	for i, r := range sc.Requests {
		where := v.File + ", request " + strconv.Quote(r.Name)
		w, err := canonicalWorld(r.Input)
		if err != nil {
			s.probs.Addf(where, 0, "%v", err)
			continue
		}
		verdict, err := evaluate(w)
		if err != nil {
			s.probs.Addf(where, 0, "%v", err)
			continue
		}
		expect := r.Expect
		if expect == "" {
			expect = w.Expect
		}
		d, ok := engine.ParseDecision(expect)
		switch {
		case !ok:
			s.probs.Addf(where, 0, "expect %q: use allowed, explicitDeny or implicitDeny", expect)
			continue
		case r.NotSent != "":
			// The SDK found no credentials: nothing reaches AWS.
			verdict = Verdict{Decision: d.String(), NotSent: true, Reason: "The request is never sent: " + r.NotSent + "."}
		case r.Refused:
			// The policies allow the call but the world refuses it; the
			// last step says why.
			verdict = Verdict{Decision: d.String(), Refused: true, Reason: "The call is refused before any policy is read."}
			if len(r.Steps) > 0 {
				verdict.Reason = strings.Replace(r.Steps[len(r.Steps)-1], ": "+d.String()+" — ", " is refused: ", 1) + "."
			}
		case d.String() != verdict.Decision:
			s.probs.Addf(where, 0, "expects %s, but the engine decides %s: %s", d, verdict.Decision, verdict.Reason)
			continue
		}
		link, err := shareLink(sc.ID, r.Name, w)
		if err != nil {
			s.probs.Addf(where, 0, "share link: %v", err)
			continue
		}
		rv := requestView{ID: "request-" + strconv.Itoa(i+1), Name: r.Name, Description: r.Description, Expect: verdict.Decision,
			Steps: r.Steps, Request: w.Request, Verdict: verdict, Link: link}
		if verdict.NotSent {
			rv.Request.Principal = "none: the SDK found no credentials"
		}
		for _, k := range sortedKeys(w.Request.Context) {
			rv.Context = append(rv.Context, contextView{k, string(w.Request.Context[k])})
		}
		for _, d := range w.Docs() {
			key := d.Doc.Name + "\x00" + d.Doc.Document
			id, ok := seen[key]
			if !ok {
				h, err := s.hl.html("json", d.Doc.Document)
				if err != nil {
					s.probs.Addf(where, 0, "%v", err)
					continue
				}
				id = "policy-" + strconv.Itoa(len(v.Policies)+1)
				seen[key] = id
				v.Policies = append(v.Policies, scenarioPolicy{ID: id, Name: d.Doc.Name, HTML: h})
			}
			rv.Policies = append(rv.Policies, policyRef{Role: d.Role, Name: d.Doc.Name, ID: id})
		}
		v.Requests = append(v.Requests, rv)
	}
	return v
}

// pageData is what every page template receives.
type pageData struct {
	Title       string
	Description string
	URL         string
	Section     string // "home", "lessons", "scenarios": the current nav entry
	Version     string
	TOC         []tocEntry
	Content     template.HTML
	Lesson      *lesson
	Lessons     []*lesson
	Parts       []part
	Scenarios   []*scenarioView
	Scenario    *scenarioView
}

// part is a stage of the learning path.
type part struct {
	Name    string
	Lessons []*lesson
}

// parts groups the lessons, in order, by their front matter's part.
func (s *siteEnv) parts() []part {
	var out []part
	for _, l := range s.lessons {
		if len(out) == 0 || out[len(out)-1].Name != l.Meta.Part {
			out = append(out, part{Name: l.Meta.Part})
		}
		out[len(out)-1].Lessons = append(out[len(out)-1].Lessons, l)
	}
	return out
}

// renderSite renders every page and generated asset into s.out.
func (s *siteEnv) renderSite() error {
	for _, l := range s.lessons {
		html, err := s.render(l.Doc)
		if err != nil {
			return &Problem{File: l.File, Msg: err.Error()}
		}
		l.HTML = html
	}
	for _, v := range s.scenPages {
		html, err := s.render(v.doc)
		if err != nil {
			return &Problem{File: v.File, Msg: err.Error()}
		}
		v.Explanation, v.TOC = html, v.doc.TOC
		v.Lessons = s.usedBy[v.ID]
	}
	common := pageData{Version: engine.Version, Lessons: s.lessons, Parts: s.parts(), Scenarios: s.scenPages}

	home := common
	home.Title, home.URL, home.Section = "IAM Playground", "/", "home"
	home.Description = "Learn AWS IAM by reading short lessons and trying every policy in the browser."
	if s.home != nil {
		html, err := s.render(s.home.Doc)
		if err != nil {
			return &Problem{File: s.home.File, Msg: err.Error()}
		}
		home.Title, home.Description, home.Content = s.home.Meta.Title, s.home.Meta.Summary, html
	}
	pages := []pageOut{{"index.html", "home", home}}

	list := common
	list.Title, list.URL, list.Section = "Lessons", "/lessons/", "lessons"
	list.Description = "Every lesson, in the order of the learning path."
	pages = append(pages, pageOut{"lessons/index.html", "lessons", list})
	for _, l := range s.lessons {
		d := common
		d.Title, d.Description, d.URL, d.Section = l.Meta.Title, l.Meta.Summary, l.URL, "lessons"
		d.TOC, d.Content, d.Lesson = l.Doc.TOC, l.HTML, l
		pages = append(pages, pageOut{strings.TrimPrefix(l.URL, "/") + "index.html", "lesson", d})
	}
	scl := common
	scl.Title, scl.URL, scl.Section = "SecureCart scenarios", "/scenarios/", "scenarios"
	scl.Description = "Worked cases from SecureCart, each with requests you can open in the playground."
	pages = append(pages, pageOut{"scenarios/index.html", "scenarios", scl})
	for _, v := range s.scenPages {
		d := common
		d.Title, d.Description, d.URL, d.Section = v.Title, v.Summary, v.URL, "scenarios"
		d.TOC, d.Scenario = append(slices.Clone(v.TOC), tocEntry{Level: 2, ID: "requests", Text: "Requests"}, tocEntry{Level: 2, ID: "policies", Text: "Policies"}), v
		if len(v.Lessons) > 0 {
			d.TOC = append(d.TOC, tocEntry{Level: 2, ID: "lessons", Text: "Lessons that use it"})
		}
		pages = append(pages, pageOut{strings.TrimPrefix(v.URL, "/") + "index.html", "scenario", d})
	}
	nf := common
	nf.Title, nf.URL = "Page not found", "/404.html"
	pages = append(pages, pageOut{"404.html", "notfound", nf})

	for _, p := range pages {
		var b bytes.Buffer
		if err := s.pages[p.tmpl].ExecuteTemplate(&b, "layout", p.data); err != nil {
			return &Problem{File: "tools/gen/templates/" + p.tmpl + ".html", Msg: err.Error()}
		}
		s.out[p.file] = b.Bytes()
	}
	return s.renderAssets()
}

// pageOut is a page to render: its output file, template and data.
type pageOut struct {
	file, tmpl string
	data       pageData
}

// searchEntry is one record of search.json.
type searchEntry struct {
	Title   string `json:"t"`
	URL     string `json:"u"`
	Kind    string `json:"k"`           // lesson, section, scenario
	In      string `json:"p,omitempty"` // the page a section belongs to
	Summary string `json:"s,omitempty"`
	Text    string `json:"x,omitempty"`
}

// renderAssets writes the stylesheets, the search script and index, and
// the sitemap.
func (s *siteEnv) renderAssets() error {
	err := fs.WalkDir(assetFS, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assetFS.ReadFile(p)
		s.out[p] = b
		return err
	})
	if err != nil {
		return err
	}
	css, err := s.hl.css()
	if err != nil {
		return err
	}
	s.out["assets/code.css"] = css

	var idx []searchEntry
	for _, l := range s.lessons {
		idx = append(idx, searchEntry{Title: l.Meta.Title, URL: l.URL, Kind: "lesson", Summary: l.Meta.Summary, Text: l.Doc.Text})
		for _, t := range l.Doc.TOC {
			idx = append(idx, searchEntry{Title: t.Text, URL: l.URL + "#" + t.ID, Kind: "section", In: l.Meta.Title})
		}
	}
	for _, v := range s.scenPages {
		text := v.doc.Text
		for _, r := range v.Requests {
			text += " " + r.Name + " " + r.Description
		}
		idx = append(idx, searchEntry{Title: v.Title, URL: v.URL, Kind: "scenario", Summary: v.Summary, Text: strings.Join(append([]string{text}, v.Tags...), " ")})
	}
	js, err := encodeJSON(idx)
	if err != nil {
		return err
	}
	s.out["search.json"] = append(js, '\n')

	type urlEntry struct {
		Loc string `xml:"loc"`
	}
	type urlset struct {
		XMLName xml.Name   `xml:"urlset"`
		NS      string     `xml:"xmlns,attr"`
		URLs    []urlEntry `xml:"url"`
	}
	origin := s.cfg.siteOrigin()
	if origin == "" {
		return nil
	}
	base := origin + strings.TrimSuffix(s.cfg.sitePrefix(), "/")
	set := urlset{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	add := func(u string) { set.URLs = append(set.URLs, urlEntry{Loc: base + u}) }
	add("/")
	add("/lessons/")
	for _, l := range s.lessons {
		add(l.URL)
	}
	add("/scenarios/")
	for _, v := range s.scenPages {
		add(v.URL)
	}
	add("/play/")
	xb, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		return err
	}
	s.out["sitemap.xml"] = append(append([]byte(xml.Header), xb...), '\n')
	return nil
}

// copyStatic adds the files of the static directory to the output.
func (s *siteEnv) copyStatic() {
	if s.cfg.Static == "" {
		return
	}
	if _, err := os.Stat(s.cfg.Static); os.IsNotExist(err) {
		return
	}
	err := filepath.WalkDir(s.cfg.Static, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != s.cfg.Static {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(s.cfg.Static, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if _, dup := s.out[rel]; dup {
			s.probs.Addf(filepath.ToSlash(p), 0, "would replace the generated %s", rel)
			return nil
		}
		if s.kept(rel) {
			s.probs.Addf(filepath.ToSlash(p), 0, "%s belongs to another build step (kept: %s)", rel, strings.Join(s.cfg.Keep, ", "))
			return nil
		}
		b, err := os.ReadFile(p)
		s.out[rel] = b
		return err
	})
	if err != nil {
		s.probs.Addf(s.cfg.Static, 0, "%v", err)
	}
}

// kept reports whether an output path belongs to another build step.
func (s *siteEnv) kept(rel string) bool {
	first, _, _ := strings.Cut(strings.TrimPrefix(rel, "/"), "/")
	for _, k := range s.cfg.Keep {
		if first == k {
			return true
		}
	}
	return false
}

// write makes the output directory hold exactly the generated files (and
// whatever the kept entries hold), touching only files that changed.
func (s *siteEnv) write() error {
	out := s.cfg.Out
	for _, guard := range []string{"go.mod", ".git"} {
		if _, err := os.Stat(filepath.Join(out, guard)); err == nil {
			return &Problem{File: out, Msg: "refusing to write the site here: it holds " + guard}
		}
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var dirs []string
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == out {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if s.kept(rel) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if _, ok := s.out[rel]; !ok {
			return os.Remove(p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := len(dirs) - 1; i >= 0; i-- {
		if ents, err := os.ReadDir(dirs[i]); err == nil && len(ents) == 0 {
			if err := os.Remove(dirs[i]); err != nil {
				return err
			}
		}
	}
	for _, rel := range sortedKeys(s.out) {
		p := filepath.Join(out, filepath.FromSlash(rel))
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, s.out[rel]) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, s.out[rel], 0o644); err != nil {
			return err
		}
	}
	return nil
}
