package main

import (
	"cmp"
	"embed"
	"html/template"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets
var assetFS embed.FS

// Config says where the build reads and writes.
type Config struct {
	Content   string   // directory of lesson Markdown files (and index.md)
	Scenarios Library  // the scenario library
	Static    string   // directory copied verbatim into Out; may not exist
	Out       string   // output directory
	Keep      []string // top-level entries of Out the build leaves alone (other steps own them)
	// Base is the URL path the site is served under ("/", "/iam/"), or
	// the absolute URL (https://example.org/iam/), which gives Origin too.
	Base string
	// Origin is the scheme and host of the site (https://example.org) for
	// sitemap.xml; without it (here or in Base) no sitemap is written.
	Origin string
}

// siteEnv is the state of one build: inputs, shared tools and outputs.
type siteEnv struct {
	cfg       Config
	hl        *highlighter
	md        goldmark.Markdown
	tmpl      *template.Template
	pages     map[string]*template.Template
	probs     Problems
	lessons   []*lesson
	home      *lesson
	lessonURL map[string]string // file stem → page URL
	scens     []Scenario
	scenPages []*scenarioView
	usedBy    map[string][]*lesson // scenario ID → lessons with examples of it
	// exerciseIDs maps each exercise ID to the file that defines it.
	exerciseIDs map[string]string
	links       []linkRef
	out         map[string][]byte // output path (slash-separated, relative) → bytes
}

// lesson is one Markdown page of the content directory.
type lesson struct {
	File     string // as shown in problems
	Stem     string
	URL      string
	Meta     Meta
	Index    int // 1-based position in the learning path
	Doc      *doc
	HTML     template.HTML
	body     []byte // Markdown after the front matter
	lineBase int    // lines before body
	Prev     *lesson
	Next     *lesson
}

// Build generates the whole site in one pass: read every input, check and
// render it in memory, then write what changed. It returns every problem it
// found, each located at a file and line.
func Build(cfg Config) error {
	s, err := newSite(cfg)
	if err != nil {
		return err
	}
	s.readContent()
	s.readScenarios()
	if err := s.probs.Err(); err != nil {
		return err
	}
	s.parse()
	if err := s.probs.Err(); err != nil {
		return err
	}
	if err := s.renderSite(); err != nil {
		return err
	}
	s.copyStatic()
	if err := s.probs.Err(); err != nil {
		return err
	}
	s.checkLinks()
	if err := s.probs.Err(); err != nil {
		return err
	}
	s.rebase()
	return s.write()
}

func newSite(cfg Config) (*siteEnv, error) {
	if err := cfg.checkBase(); err != nil {
		return nil, err
	}
	s := &siteEnv{cfg: cfg, hl: newHighlighter(), lessonURL: map[string]string{}, usedBy: map[string][]*lesson{}, out: map[string][]byte{}, exerciseIDs: map[string]string{}}
	base, err := template.New("").Funcs(template.FuncMap{
		"decision": decisionLabel,
		"inc":      func(i int) int { return i + 1 },
	}).ParseFS(templateFS, "templates/_*.html")
	if err != nil {
		return nil, err
	}
	s.tmpl = base
	s.pages = map[string]*template.Template{}
	for _, name := range []string{"home", "lesson", "lessons", "scenario", "scenarios", "notfound"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		s.pages[name] = t
	}
	s.md = newMarkdown(s)
	return s, nil
}

// decisionLabel is how a page names a decision.
func decisionLabel(d string) string {
	switch d {
	case "allowed":
		return "Allowed"
	case "explicitDeny":
		return "Denied (explicit deny)"
	case "implicitDeny":
		return "Denied (implicit deny)"
	}
	return d
}

var stemPrefix = regexp.MustCompile(`^[0-9]+-`)

// readContent reads the lessons' front matter and orders the learning path.
func (s *siteEnv) readContent() {
	entries, err := os.ReadDir(s.cfg.Content)
	if err != nil {
		s.probs.Addf(s.cfg.Content, 0, "%v", err)
		return
	}
	slugs := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		file := filepath.ToSlash(filepath.Join(s.cfg.Content, name))
		src, err := os.ReadFile(filepath.Join(s.cfg.Content, name))
		if err != nil {
			s.probs.Addf(file, 0, "%v", err)
			continue
		}
		stem := strings.TrimSuffix(name, ".md")
		l := &lesson{File: file, Stem: stem}
		l.Meta, l.body, l.lineBase = parseFrontMatter(file, src, &s.probs)
		if stem == "index" {
			l.URL = "/"
			s.home = l
			continue
		}
		slug := stemPrefix.ReplaceAllString(stem, "")
		if other, dup := slugs[slug]; dup {
			s.probs.Addf(file, 0, "lesson page /lessons/%s/ is also made by %s", slug, other)
			continue
		}
		slugs[slug] = file
		l.URL = "/lessons/" + slug + "/"
		s.lessonURL[stem] = l.URL
		s.lessons = append(s.lessons, l)
	}
	slices.SortFunc(s.lessons, func(a, b *lesson) int {
		return cmp.Or(cmp.Compare(a.Meta.Order, b.Meta.Order), cmp.Compare(a.Stem, b.Stem))
	})
	for i, l := range s.lessons {
		if i > 0 && l.Meta.Order == s.lessons[i-1].Meta.Order {
			s.probs.Addf(l.File, 0, "order %d is also the order of %s", l.Meta.Order, s.lessons[i-1].File)
		}
		if l.Meta.Part == "" {
			s.probs.Addf(l.File, 1, "front matter has no \"part\" (the stage of the learning path)")
		}
	}
	if len(s.lessons) == 0 {
		s.probs.Addf(s.cfg.Content, 0, "no lessons (*.md files with front matter)")
	}
}

// readScenarios loads the scenario library.
func (s *siteEnv) readScenarios() {
	if s.cfg.Scenarios == nil {
		return
	}
	list, err := s.cfg.Scenarios()
	if err != nil {
		s.probs.Addf("scenarios", 0, "%v", err)
		return
	}
	s.scens = slices.Clone(list)
	slices.SortFunc(s.scens, func(a, b Scenario) int { return cmp.Compare(a.ID, b.ID) })
	for i := 1; i < len(s.scens); i++ {
		if s.scens[i].ID == s.scens[i-1].ID {
			s.probs.Addf("scenarios", 0, "scenario ID %q is used twice", s.scens[i].ID)
		}
	}
}

// scenario finds a scenario by ID.
func (s *siteEnv) scenario(id string) (Scenario, bool) {
	i, ok := slices.BinarySearchFunc(s.scens, id, func(sc Scenario, id string) int { return cmp.Compare(sc.ID, id) })
	if !ok {
		return Scenario{}, false
	}
	return s.scens[i], true
}

func (s *siteEnv) scenarioHint() string {
	if len(s.scens) == 0 {
		return " (the scenario library is empty)"
	}
	return " in the scenario library"
}

// parse parses every page, resolving and checking runnable examples.
func (s *siteEnv) parse() {
	for i, l := range s.lessons {
		l.Index = i + 1
		if i > 0 {
			l.Prev = s.lessons[i-1]
			s.lessons[i-1].Next = l
		}
	}
	all := s.lessons
	if s.home != nil {
		all = append([]*lesson{s.home}, all...)
	}
	for _, l := range all {
		env := &docEnv{site: s, file: l.File, url: l.URL, lineBase: l.lineBase, probs: &s.probs}
		l.Doc = s.parseDoc(env, l.body)
		s.links = append(s.links, env.links...)
		if l == s.home {
			continue
		}
		if env.examples == 0 {
			s.probs.Addf(l.File, 0, "the lesson has no runnable example (an %s block)", exampleInfo)
		}
		for _, n := range l.Doc.examples() {
			if n.Scenario != "" && !slices.Contains(s.usedBy[n.Scenario], l) {
				s.usedBy[n.Scenario] = append(s.usedBy[n.Scenario], l)
			}
		}
	}
	for _, sc := range s.scens {
		s.scenPages = append(s.scenPages, s.parseScenario(sc))
	}
}
