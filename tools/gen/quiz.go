package main

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// quizInfo is the info string of a short quiz at the end of a lesson:
//
//	```iam-quiz
//	[{"q": "…", "options": ["…", "…"], "answer": 1, "why": "…"}]
//	```
//
// answer is the index of the right option. The page shows each question
// with its options; "Check" (progress.js) says right or wrong and opens
// the explanation, which without script is a plain <details>.
const quizInfo = "iam-quiz"

// KindQuiz is the node kind of a quiz.
var KindQuiz = ast.NewNodeKind("IAMQuiz")

// Quiz is a resolved quiz block.
type Quiz struct {
	ast.BaseBlock
	ID        string
	Questions []quizQuestion
}

type quizQuestion struct {
	Q       string   `json:"q"`
	Options []string `json:"options"`
	Answer  int      `json:"answer"`
	Why     string   `json:"why"`
}

// Kind implements ast.Node.
func (n *Quiz) Kind() ast.NodeKind { return KindQuiz }

// Dump implements ast.Node.
func (n *Quiz) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type quizTransformer struct{}

func (quizTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	env, _ := pc.Get(docEnvKey).(*docEnv)
	if env == nil {
		return
	}
	source := reader.Source()
	for i, b := range fencedBlocks(doc, source, quizInfo) {
		fb, line := b.node, env.line(source, b.node.Info.Segment.Start)
		n := &Quiz{ID: "quiz-" + strconv.Itoa(i+1)}
		dec := json.NewDecoder(bytes.NewReader(b.body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&n.Questions); err != nil {
			env.probs.Addf(env.file, line, "quiz: %v", err)
		} else if len(n.Questions) == 0 {
			env.probs.Addf(env.file, line, "quiz: no questions")
		}
		for k, q := range n.Questions {
			if q.Q == "" || len(q.Options) < 2 || q.Answer < 0 || q.Answer >= len(q.Options) || q.Why == "" {
				env.probs.Addf(env.file, line, "quiz: question %d needs \"q\", two or more \"options\", an \"answer\" index among them and a \"why\"", k+1)
			}
		}
		fb.Parent().ReplaceChild(fb.Parent(), fb, n)
	}
}

type quizRenderer struct{ site *siteEnv }

func (r *quizRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindQuiz, r.render)
}

func (r *quizRenderer) render(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	if err := r.site.tmpl.ExecuteTemplate(w, "quiz", node.(*Quiz)); err != nil {
		return ast.WalkStop, err
	}
	return ast.WalkSkipChildren, nil
}
