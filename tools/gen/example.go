package main

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// exampleInfo is the info string that opens a runnable example:
//
//	```iam-example
//	scenario: 05-ec2-reads-images
//	request: read product image
//	expect: allowed
//	```
//
// The body either names a scenario and one of its requests, or holds a
// whole evaluation input as JSON with an "expect" field.
const exampleInfo = "iam-example"

// KindExample is the node kind of a runnable example.
var KindExample = ast.NewNodeKind("IAMExample")

// Example is a runnable example in a page. The parser fills the fence
// fields; when the block closes it is resolved to a World, evaluated by the
// engine, and checked against the decision the author stated.
type Example struct {
	ast.BaseBlock
	fenceChar   byte
	fenceLen    int
	fenceIndent int
	start       int // offset of the opening fence line in the source

	// ID is the block's anchor on its page: "example-1", "example-2", …
	ID string
	// Scenario and Request name the scenario request the block refers to;
	// both are empty for a self-contained example.
	Scenario, Request string
	World             *World
	Verdict           Verdict
	// Link opens the playground in exactly this state.
	Link string
}

// Kind implements ast.Node.
func (n *Example) Kind() ast.NodeKind { return KindExample }

// IsRaw implements ast.Node: the body is not Markdown.
func (n *Example) IsRaw() bool { return true }

// Dump implements ast.Node.
func (n *Example) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Scenario": n.Scenario, "Request": n.Request, "ID": n.ID}, nil)
}

// exampleParser opens ```iam-example blocks (and ~~~ ones). It runs before
// goldmark's fenced code parser, which keeps every other fence.
type exampleParser struct{}

func (exampleParser) Trigger() []byte { return []byte{'`', '~'} }

func (exampleParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) {
		return nil, parser.NoChildren
	}
	c := line[pos]
	i := pos
	for i < len(line) && line[i] == c {
		i++
	}
	if i-pos < 3 {
		return nil, parser.NoChildren
	}
	info := strings.Fields(string(line[i:]))
	if len(info) == 0 || info[0] != exampleInfo {
		return nil, parser.NoChildren
	}
	return &Example{fenceChar: c, fenceLen: i - pos, fenceIndent: pos, start: seg.Start}, parser.NoChildren
}

func (exampleParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	n := node.(*Example)
	line, seg := reader.PeekLine()
	w, pos := util.IndentWidth(line, reader.LineOffset())
	if w < 4 {
		i := pos
		for i < len(line) && line[i] == n.fenceChar {
			i++
		}
		if i-pos >= n.fenceLen && util.IsBlank(line[i:]) {
			reader.AdvanceToEOL()
			return parser.Close
		}
	}
	// Drop up to the fence's own indentation, as CommonMark does for fences.
	skip := 0
	for skip < n.fenceIndent && skip < len(line) && line[skip] == ' ' {
		skip++
	}
	s := text.NewSegment(seg.Start+skip, seg.Stop)
	s.ForceNewline = true
	n.Lines().Append(s)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (exampleParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if env, ok := pc.Get(docEnvKey).(*docEnv); ok {
		env.resolve(node.(*Example), reader.Source())
	}
}

func (exampleParser) CanInterruptParagraph() bool { return true }
func (exampleParser) CanAcceptIndentedLine() bool { return false }

// resolve reads an example's body, builds its World, evaluates it and
// records a problem at the right line when anything is wrong.
func (env *docEnv) resolve(n *Example, source []byte) {
	env.examples++
	n.ID = "example-" + strconv.Itoa(env.examples)
	fence := env.line(source, n.start)
	var body bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		body.Write(seg.Value(source))
	}
	// lineOf maps a 1-based line of the body to a line of the file.
	lineOf := func(l int) int { return fence + l }
	src := body.Bytes()
	trimmed := bytes.TrimSpace(src)
	if len(trimmed) == 0 {
		env.probs.Addf(env.file, fence, "empty %s block: name a scenario and request, or give an input in JSON", exampleInfo)
		return
	}
	var (
		w          *World
		expect     string
		expectLine = fence
	)
	if trimmed[0] == '{' {
		in, errs := engine.ParseInput(env.file, src)
		for _, e := range errs {
			if e.Severity != policy.SevError { // warnings are for the playground, not the build
				continue
			}
			if e.Policy == env.file && e.Span.Start.IsValid() {
				env.probs.Addf(env.file, lineOf(e.Span.Start.Line), "%s", e.Msg)
			} else {
				env.probs.Addf(env.file, fence, "%s", e.Error())
			}
		}
		if errs.HasErrors() || in == nil {
			return
		}
		if !in.HasExpect {
			env.probs.Addf(env.file, fence, "the example states no decision: add \"expect\": \"allowed\", \"explicitDeny\" or \"implicitDeny\"")
			return
		}
		expect = in.Expect.String()
		for i, l := range bytes.Split(src, []byte("\n")) {
			if bytes.Contains(l, []byte(`"expect"`)) {
				expectLine = lineOf(i + 1)
			}
		}
		var err error
		if w, err = canonicalWorld(src); err != nil {
			env.probs.Addf(env.file, fence, "%v", err)
			return
		}
	} else {
		fields := map[string]string{}
		lines := map[string]int{}
		for i, l := range strings.Split(string(src), "\n") {
			l = strings.TrimSpace(l)
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			k, v, ok := strings.Cut(l, ":")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch {
			case !ok:
				env.probs.Addf(env.file, lineOf(i+1), "%q is not \"key: value\" (use scenario, request and expect, or give a JSON input)", l)
			case k != "scenario" && k != "request" && k != "expect":
				env.probs.Addf(env.file, lineOf(i+1), "unknown key %q (use scenario, request and expect)", k)
			case lines[k] != 0:
				env.probs.Addf(env.file, lineOf(i+1), "%s is already given on line %d", k, lines[k])
			default:
				fields[k], lines[k] = v, lineOf(i+1)
			}
		}
		for _, k := range []string{"scenario", "request", "expect"} {
			if fields[k] == "" {
				env.probs.Addf(env.file, fence, "the example has no %q line", k)
			}
		}
		if len(fields) != 3 || fields["scenario"] == "" || fields["request"] == "" || fields["expect"] == "" {
			return
		}
		d, ok := engine.ParseDecision(fields["expect"])
		if !ok {
			env.probs.Addf(env.file, lines["expect"], "expect %q: use allowed, explicitDeny or implicitDeny", fields["expect"])
			return
		}
		expect, expectLine = d.String(), lines["expect"]
		sc, ok := env.site.scenario(fields["scenario"])
		if !ok {
			env.probs.Addf(env.file, lines["scenario"], "no scenario %q%s", fields["scenario"], env.site.scenarioHint())
			return
		}
		req, ok := sc.request(fields["request"])
		if !ok {
			env.probs.Addf(env.file, lines["request"], "scenario %s has no request %q (it has %s)", sc.ID, fields["request"], sc.requestNames())
			return
		}
		if req.NotSent != "" {
			env.probs.Addf(env.file, lines["request"], "scenario %s, request %q is never sent (%s), so no policy decides it; link the scenario instead", sc.ID, req.Name, req.NotSent)
			return
		}
		if req.Refused {
			env.probs.Addf(env.file, lines["request"], "scenario %s, request %q is refused by its world before any policy is read, so the playground cannot show its decision; pick another request", sc.ID, req.Name)
			return
		}
		n.Scenario, n.Request = sc.ID, req.Name
		var err error
		if w, err = canonicalWorld(req.Input); err != nil {
			env.probs.Addf(env.file, lines["request"], "scenario %s, request %q: %v", sc.ID, req.Name, err)
			return
		}
	}
	v, err := evaluate(w)
	if err != nil {
		env.probs.Addf(env.file, fence, "%v", err)
		return
	}
	if v.Decision != expect {
		env.probs.Addf(env.file, expectLine, "the example states %s, but the engine decides %s: %s", expect, v.Decision, v.Reason)
	}
	link, err := shareLink(n.Scenario, n.Request, w)
	if err != nil {
		env.probs.Addf(env.file, fence, "share link: %v", err)
		return
	}
	n.World, n.Verdict, n.Link = w, v, link
}

// exampleView is what the "example" template shows.
type exampleView struct {
	ID       string
	Title    string
	Note     string
	Scenario *Scenario
	Policies []policyView
	Request  WorldRequest
	Context  []contextView
	Verdict  Verdict
	Link     string
}

type policyView struct {
	Role, Name string
	HTML       template.HTML
}

type contextView struct{ Key, Value string }

// exampleRenderer draws an Example with its policies highlighted, the
// request, the checked decision and a "Try it" link.
type exampleRenderer struct{ site *siteEnv }

func (r *exampleRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindExample, r.render)
}

func (r *exampleRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*Example)
	if n.World == nil { // the build already has a problem for it
		return ast.WalkSkipChildren, nil
	}
	v, err := r.site.worldView(n.World)
	if err != nil {
		return ast.WalkStop, err
	}
	v.ID, v.Verdict, v.Link = n.ID, n.Verdict, n.Link
	if n.Scenario != "" {
		sc, _ := r.site.scenario(n.Scenario)
		v.Scenario = &sc
		v.Title = n.Request
		if req, ok := sc.request(n.Request); ok {
			v.Note = req.Description
		}
	}
	if err := r.site.tmpl.ExecuteTemplate(w, "example", v); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// worldView prepares a world for display.
func (s *siteEnv) worldView(w *World) (exampleView, error) {
	v := exampleView{Title: w.Name, Note: w.Description, Request: w.Request}
	for _, d := range w.Docs() {
		h, err := s.hl.html("json", d.Doc.Document)
		if err != nil {
			return v, err
		}
		v.Policies = append(v.Policies, policyView{Role: d.Role, Name: d.Doc.Name, HTML: h})
	}
	for _, k := range sortedKeys(w.Request.Context) {
		v.Context = append(v.Context, contextView{k, string(w.Request.Context[k])})
	}
	return v, nil
}

// examples is the goldmark extension for runnable examples.
type examples struct{ site *siteEnv }

// Extend implements goldmark.Extender.
func (e *examples) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithBlockParsers(util.Prioritized(exampleParser{}, 650)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&exampleRenderer{site: e.site}, 200)))
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(exerciseTransformer{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&exerciseRenderer{site: e.site}, 200)))
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(quizTransformer{}, 50)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(&quizRenderer{site: e.site}, 200)))
}
