package main

import (
	"bytes"
	"html/template"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
)

// Themes for code: one for light pages, one for dark.
const (
	lightStyle = "github"
	darkStyle  = "github-dark"
)

// highlighter colours code with CSS classes, so that one stylesheet holds
// both themes and the pages carry no inline styles.
type highlighter struct {
	f     *chromahtml.Formatter
	cache map[[2]string]template.HTML // the same policy shows on several pages
}

func newHighlighter() *highlighter {
	return &highlighter{cache: map[[2]string]template.HTML{}, f: chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithCSSComments(false), chromahtml.TabWidth(2))}
}

// html returns code as a highlighted <pre> block. An unknown language is
// shown as plain text.
func (h *highlighter) html(lang, code string) (template.HTML, error) {
	if out, ok := h.cache[[2]string{lang, code}]; ok {
		return out, nil
	}
	lx := lexers.Get(lang)
	if lang == "" || lx == nil {
		lx = lexers.Fallback
	}
	lx = chroma.Coalesce(lx)
	it, err := lx.Tokenise(nil, code)
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := h.f.Format(&b, styles.Get(lightStyle), it); err != nil {
		return "", err
	}
	out := template.HTML(b.String())
	h.cache[[2]string{lang, code}] = out
	return out, nil
}

// css is the stylesheet for highlighted code: the light theme, and the dark
// one when the page's theme is dark (set by theme.js, shared with the
// playground) or, without a choice, when the reader's system prefers it.
func (h *highlighter) css() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("/* Code colours, generated from chroma's " + lightStyle + " and " + darkStyle + " styles. */\n")
	if err := h.f.WriteCSS(&b, styles.Get(lightStyle)); err != nil {
		return nil, err
	}
	var dark bytes.Buffer
	if err := h.f.WriteCSS(&dark, styles.Get(darkStyle)); err != nil {
		return nil, err
	}
	for line := range strings.Lines(dark.String()) {
		b.WriteString(`:root[data-theme="dark"] ` + line)
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	for line := range strings.Lines(dark.String()) {
		b.WriteString(`  :root:not([data-theme="light"]) ` + line)
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}
