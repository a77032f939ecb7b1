package main

import (
	"bytes"
	"html/template"
	"net/url"
	"path"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// docEnvKey holds the *docEnv of the document being parsed.
var docEnvKey = parser.NewContextKey()

// docEnv is what the parser extensions need to know about one document:
// where it comes from, so that problems name the file and line.
type docEnv struct {
	site     *siteEnv
	file     string // path shown in problems, e.g. content/04-groups.md
	url      string // the page's URL path, e.g. /lessons/groups/
	lineBase int    // lines before the Markdown body (front matter)
	probs    *Problems
	examples int
	// exercises counts the page's exercise blocks, for their anchors.
	exercises int
	links     []linkRef
}

// line returns the file line of a byte offset in the Markdown body.
func (env *docEnv) line(source []byte, offset int) int {
	offset = min(max(offset, 0), len(source))
	return env.lineBase + 1 + bytes.Count(source[:offset], []byte("\n"))
}

// linkRef is an internal link written in a page's Markdown, kept so the
// build can check it once every page exists.
type linkRef struct {
	File   string
	Line   int
	Raw    string // as written
	Target string // URL path with optional #fragment
}

// newMarkdown builds the Markdown converter: GFM, heading IDs, runnable
// examples, highlighted code and checked internal links.
func newMarkdown(s *siteEnv) goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.DefinitionList, &examples{site: s}),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(linkTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(util.Prioritized(&codeRenderer{hl: s.hl}, 200)),
		),
	)
}

// doc is a parsed Markdown document.
type doc struct {
	Root   ast.Node
	Source []byte
	TOC    []tocEntry
	Text   string // plain text, for search
}

// tocEntry is one heading in a page's table of contents.
type tocEntry struct {
	Level int
	ID    string
	Text  string
}

// parseDoc parses a Markdown body. Problems go to env.probs.
func (s *siteEnv) parseDoc(env *docEnv, body []byte) *doc {
	pc := parser.NewContext()
	pc.Set(docEnvKey, env)
	root := s.md.Parser().Parse(text.NewReader(body), parser.WithContext(pc))
	d := &doc{Root: root, Source: body}
	var words []string
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t := plainText(n, body)
			if id, ok := n.AttributeString("id"); ok && n.Level >= 2 && n.Level <= 3 {
				d.TOC = append(d.TOC, tocEntry{Level: n.Level, ID: string(id.([]byte)), Text: t})
			}
			words = append(words, t)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			words = append(words, plainText(n, body))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	d.Text = strings.Join(words, " ")
	return d
}

// render turns a parsed document into HTML.
func (s *siteEnv) render(d *doc) (template.HTML, error) {
	var b bytes.Buffer
	if err := s.md.Renderer().Render(&b, d.Source, d.Root); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// plainText is the text of an inline tree, without markup.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Value(source))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Value(source))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// firstOffset finds a source offset inside n, to give a link a line.
func firstOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

// linkTransformer resolves the links a lesson writes: "04-groups.md" or
// "04-groups.md#groups-do-not-nest" becomes that lesson's page, and every
// internal link is recorded for the build's check.
type linkTransformer struct{}

func (linkTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	env, ok := pc.Get(docEnvKey).(*docEnv)
	if !ok {
		return
	}
	src := reader.Source()
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest = &n.Destination
		default:
			return ast.WalkContinue, nil
		}
		line := env.line(src, firstOffset(n))
		raw := string(*dest)
		display, target, ok := env.resolveLink(raw, line)
		if ok {
			*dest = []byte(display)
			env.links = append(env.links, linkRef{File: env.file, Line: line, Raw: raw, Target: target})
		}
		return ast.WalkContinue, nil
	})
}

// resolveLink maps a link as written to the URL the page will use and to
// the absolute target the build checks. It reports false for links that
// leave the site.
func (env *docEnv) resolveLink(raw string, line int) (display, target string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		env.probs.Addf(env.file, line, "link %q: %v", raw, err)
		return raw, "", false
	}
	if u.Scheme != "" || u.Host != "" {
		return raw, "", false
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.Fragment
	}
	p := u.Path
	switch {
	case p == "":
		return raw, env.url + frag, true
	case strings.HasSuffix(p, ".md"):
		stem := strings.TrimSuffix(path.Base(p), ".md")
		to, ok := env.site.lessonURL[stem]
		if !ok {
			env.probs.Addf(env.file, line, "link to %s: there is no such lesson in the content directory", p)
			return raw, "", false
		}
		return to + frag, to + frag, true
	case strings.HasPrefix(p, "/"):
		return raw, raw, true
	}
	abs := path.Join(path.Dir(env.url+"x"), p)
	if strings.HasSuffix(p, "/") {
		abs += "/"
	}
	return abs + frag, abs + frag, true
}

// codeRenderer highlights fenced code blocks with chroma.
type codeRenderer struct{ hl *highlighter }

func (r *codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.render)
}

func (r *codeRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		code.Write(seg.Value(source))
	}
	h, err := r.hl.html(string(n.Language(source)), code.String())
	if err != nil {
		return ast.WalkStop, err
	}
	_, _ = w.WriteString(string(h))
	return ast.WalkSkipChildren, nil
}

// examples lists the document's runnable examples in order.
func (d *doc) examples() []*Example {
	var out []*Example
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*Example); ok && entering {
			out = append(out, e)
		}
		return ast.WalkContinue, nil
	})
	return out
}
