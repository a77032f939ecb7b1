package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/wasm/share"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// exerciseInfo is the info string of an exercise block: a starting state
// for the playground and a goal the engine checks live.
//
//	```iam-exercise
//	{
//	  "id": "trust-only-the-pipeline",
//	  "title": "…", "task": "…",
//	  "start": {"policies": {…}, "request": {…}},
//	  "goals": [{"label": "…", "request": {…}, "expect": "allowed"}, …],
//	  "hints": ["…"],
//	  "solution": {"policies": {…}}
//	}
//	```
//
// The build evaluates every goal request against the starting policies
// (at least one must fail: there is something to do) and against the
// solution's (all must pass), and links the playground with the starting
// state and the goal (share.State.Goal).
const exerciseInfo = "iam-exercise"

// KindExercise is the node kind of an exercise.
var KindExercise = ast.NewNodeKind("IAMExercise")

// Exercise is an exercise block, resolved.
type Exercise struct {
	ast.BaseBlock
	// ID is the block's anchor ("exercise-1"); Spec.ID names it across
	// the site (progress is kept under it).
	ID   string
	Spec exerciseSpec
	Goal Goal
	Link string
}

// Kind implements ast.Node.
func (n *Exercise) Kind() ast.NodeKind { return KindExercise }

// Dump implements ast.Node.
func (n *Exercise) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"ID": n.ID, "Exercise": n.Spec.ID}, nil)
}

// exerciseSpec is an exercise block as written.
type exerciseSpec struct {
	ID       string          `json:"id"`
	Title    string          `json:"title"`
	Task     string          `json:"task"`
	Start    json.RawMessage `json:"start"`
	Goals    []specGoal      `json:"goals"`
	Hints    []string        `json:"hints"`
	Solution json.RawMessage `json:"solution"`
}

type specGoal struct {
	Label   string          `json:"label"`
	Request json.RawMessage `json:"request"`
	Expect  string          `json:"expect"`
}

// Goal is what the share link carries besides the starting state: the
// requests to check, with their required decisions, the hints and the
// solution's policies. The playground's exercise panel reads it (see
// site/SHARE.md, "goal").
type Goal struct {
	ID       string     `json:"id"`
	Title    string     `json:"title"`
	Task     string     `json:"task"`
	Lesson   string     `json:"lesson,omitempty"` // URL path of the lesson
	Goals    []GoalItem `json:"goals"`
	Hints    []string   `json:"hints,omitempty"`
	Solution PolicySet  `json:"solution"`
}

// GoalItem is one request of a goal and the decision it must get.
type GoalItem struct {
	Label   string       `json:"label,omitempty"`
	Request WorldRequest `json:"request"`
	Expect  string       `json:"expect"`
}

// exerciseTransformer turns ```iam-exercise fenced blocks into Exercise
// nodes once the page is parsed.
type exerciseTransformer struct{}

func (exerciseTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env, _ := pc.Get(docEnvKey).(*docEnv)
	if env == nil {
		return
	}
	source := reader.Source()
	for _, b := range fencedBlocks(doc, source, exerciseInfo) {
		fb, line := b.node, env.line(source, b.node.Info.Segment.Start) // the opening fence
		n := &Exercise{}
		env.exercises++
		n.ID = "exercise-" + strconv.Itoa(env.exercises)
		env.resolveExercise(n, b.body, line)
		fb.Parent().ReplaceChild(fb.Parent(), fb, n)
	}
}

// fencedBlock is a fenced code block with the given info string and its
// text.
type fencedBlock struct {
	node *ast.FencedCodeBlock
	body []byte
}

// fencedBlocks lists a page's fenced code blocks whose info string is info
// (iam-exercise, iam-quiz), for the transformers that replace them.
func fencedBlocks(doc ast.Node, source []byte, info string) []fencedBlock {
	var out []fencedBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		fb, ok := n.(*ast.FencedCodeBlock)
		if !ok || !entering || fb.Info == nil || string(fb.Language(source)) != info {
			return ast.WalkContinue, nil
		}
		var body bytes.Buffer
		for i := 0; i < fb.Lines().Len(); i++ {
			seg := fb.Lines().At(i)
			body.Write(seg.Value(source))
		}
		out = append(out, fencedBlock{fb, body.Bytes()})
		return ast.WalkContinue, nil
	})
	return out
}

// resolveExercise reads and checks an exercise block; fence is the line of
// its opening fence.
func (env *docEnv) resolveExercise(n *Exercise, src []byte, fence int) {
	fail := func(format string, args ...any) { env.probs.Addf(env.file, fence, "exercise: "+format, args...) }
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.DisallowUnknownFields()
	sp := &n.Spec
	if err := dec.Decode(sp); err != nil {
		fail("%v", err)
		return
	}
	switch {
	case sp.ID == "" || strings.ContainsAny(sp.ID, " /#\"<>"):
		fail("give an \"id\" without spaces, slashes or quotes (progress is kept under it)")
		return
	case sp.Title == "" || sp.Task == "":
		fail("give a \"title\" and a \"task\"")
		return
	case len(sp.Goals) == 0 || len(sp.Goals) > 12:
		fail("give between 1 and 12 goals")
		return
	case env.site.exerciseIDs[sp.ID] != "":
		fail("id %q is also used in %s", sp.ID, env.site.exerciseIDs[sp.ID])
		return
	}
	env.site.exerciseIDs[sp.ID] = env.file
	var start struct {
		Policies json.RawMessage `json:"policies"`
		Request  json.RawMessage `json:"request"`
	}
	var sol struct {
		Policies json.RawMessage `json:"policies"`
	}
	if err := json.Unmarshal(sp.Start, &start); err != nil || start.Policies == nil || start.Request == nil {
		fail("\"start\" needs \"policies\" and \"request\"")
		return
	}
	if err := json.Unmarshal(sp.Solution, &sol); err != nil || sol.Policies == nil {
		fail("\"solution\" needs \"policies\"")
		return
	}
	g := Goal{ID: sp.ID, Title: sp.Title, Task: sp.Task, Lesson: env.url, Hints: sp.Hints}
	startFails := false
	for i, goal := range sp.Goals {
		d, ok := engine.ParseDecision(goal.Expect)
		if !ok {
			fail("goal %d: expect %q: use allowed, explicitDeny or implicitDeny", i+1, goal.Expect)
			return
		}
		got, w, err := env.judge(start.Policies, goal.Request)
		if err != nil {
			fail("goal %d with the starting policies: %v", i+1, err)
			return
		}
		startFails = startFails || got.Decision != d.String()
		got, _, err = env.judge(sol.Policies, goal.Request)
		if err != nil {
			fail("goal %d with the solution: %v", i+1, err)
			return
		}
		if got.Decision != d.String() {
			fail("goal %d (%s) needs %s, but the solution gets %s: %s", i+1, goal.Label, d, got.Decision, got.Reason)
			return
		}
		g.Goals = append(g.Goals, GoalItem{Label: goal.Label, Request: w.Request, Expect: d.String()})
	}
	if !startFails {
		fail("the starting state already meets every goal: nothing to do")
		return
	}
	first, err := canonicalWorld(mustJoin(start.Policies, start.Request))
	if err != nil {
		fail("start: %v", err)
		return
	}
	solved, err := canonicalWorld(mustJoin(sol.Policies, start.Request))
	if err != nil {
		fail("solution: %v", err)
		return
	}
	g.Solution = solved.Policies
	first.Name = "Exercise: " + sp.Title
	first.Description = "The exercise panel above checks every goal as you edit the policies."
	in, err := encodeJSON(first)
	if err != nil {
		fail("%v", err)
		return
	}
	goalJSON, err := encodeJSON(g)
	if err != nil {
		fail("%v", err)
		return
	}
	frag, err := share.Fragment(share.State{Engine: engine.Version, Input: in, Goal: goalJSON})
	if err != nil {
		fail("share link: %v", err)
		return
	}
	n.Goal, n.Link = g, "/play/"+frag
}

// mustJoin makes the input {"policies": p, "request": r}.
func mustJoin(p, r json.RawMessage) []byte {
	return []byte(`{"policies": ` + string(p) + `, "request": ` + string(r) + `}`)
}

// judge evaluates a goal request against a set of policies.
func (env *docEnv) judge(policies, request json.RawMessage) (Verdict, *World, error) {
	src := mustJoin(policies, request)
	in, errs := engine.ParseInput(env.file, src)
	for _, e := range errs {
		if e.Severity == policy.SevError {
			return Verdict{}, nil, fmt.Errorf("%s", e.Error())
		}
	}
	if in == nil {
		return Verdict{}, nil, fmt.Errorf("the input does not parse")
	}
	w, err := canonicalWorld(src)
	if err != nil {
		return Verdict{}, nil, err
	}
	v, err := evaluate(w)
	return v, w, err
}

// exerciseView is what the "exercise" template shows.
type exerciseView struct {
	ID, ExID, Title, Task, Link string
	Goals                       []GoalItem
	Hints                       int
}

type exerciseRenderer struct{ site *siteEnv }

func (r *exerciseRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindExercise, r.render)
}

func (r *exerciseRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*Exercise)
	if !entering || n.Link == "" {
		return ast.WalkSkipChildren, nil
	}
	v := exerciseView{ID: n.ID, ExID: n.Spec.ID, Title: n.Spec.Title, Task: n.Spec.Task, Link: n.Link, Goals: n.Goal.Goals, Hints: len(n.Spec.Hints)}
	if err := r.site.tmpl.ExecuteTemplate(w, "exercise", v); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}

// exercises lists a document's resolved exercises.
func (d *doc) exercises() []*Exercise {
	var out []*Exercise
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if e, ok := n.(*Exercise); ok && entering && e.Link != "" {
			out = append(out, e)
		}
		return ast.WalkContinue, nil
	})
	return out
}

// ExerciseIDs lists the lesson's exercise IDs, space-separated, for the
// lessons index's progress marks.
func (l *lesson) ExerciseIDs() string {
	if l.Doc == nil {
		return ""
	}
	var ids []string
	for _, e := range l.Doc.exercises() {
		ids = append(ids, e.Spec.ID)
	}
	return strings.Join(ids, " ")
}
