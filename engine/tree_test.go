package engine

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine/policy"
)

// allowGetObject is an identity policy that allows the scale requests.
func allowGetObject(t *testing.T) *policy.Policy {
	t.Helper()
	p, errs := policy.Parse("allow all", []byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`), policy.Identity)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return p
}

// truncation returns the tree's "trace truncated" note, or nil.
func truncation(root *Node) *Node {
	for _, c := range root.Children {
		if c.Kind == "note" && strings.HasPrefix(c.Label, "trace truncated") {
			return c
		}
	}
	return nil
}

func countNodes(n *Node) int {
	c := 1
	for _, k := range n.Children {
		c += countNodes(k)
	}
	return c
}

// A long request value is shown by every statement that tests it, so a
// small input (a share link inflates to a few kilobytes of policy and one
// long resource) could make a trace of hundreds of megabytes. The tree
// stops at maxTraceText with a note; the decision still comes from every
// statement, here the last policy's Allow.
func TestTraceTruncatedAtTextLimit(t *testing.T) {
	resource := "arn:aws:s3:::bucket-1/" + strings.Repeat("k", 64<<10)
	pols := scalePolicies(t, 300, "arn:aws:s3:::bucket-")
	pols.Identity = append(pols.Identity, allowGetObject(t))
	res := Evaluate(pols, scaleRequest(t, resource, "none"), Options{Trace: true})
	if res.Decision != Allowed || res.Deciding.Policy.Name != "allow all" {
		t.Fatalf("decision %v by %v: the statements after the truncation must still decide", res.Decision, res.Deciding.Policy)
	}
	rep := res.Report()
	note := truncation(rep.Trace.Root())
	if note == nil {
		t.Fatal("no truncation note in a trace past the limit")
	}
	kids := rep.Trace.Root().Children
	if last := kids[len(kids)-1]; last.Kind != "decision" || last.Result != "allowed" {
		t.Errorf("the tree ends with %s %q, want the decision", last.Kind, last.Label)
	}
	js, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	// The limit counts the text; the JSON adds names and escapes, and the
	// node that crossed the limit is kept whole.
	if len(js) > maxTraceText+1<<20 {
		t.Errorf("report is %d bytes, want at most about %d", len(js), maxTraceText)
	}
	var txt bytes.Buffer
	if err := res.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(txt.String(), "note: trace truncated") {
		t.Error("the text trace does not say it was truncated")
	}
}

// Short values but very many statements: the tree stops at maxTraceNodes.
func TestTraceTruncatedAtNodeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("parses 30,000 statements")
	}
	pols := scalePolicies(t, 30000, "arn:aws:s3:::bucket-")
	res := Evaluate(pols, scaleRequest(t, "arn:aws:s3:::other/key", "none"), Options{Trace: true})
	if res.Decision != ImplicitDeny {
		t.Fatalf("decision %v", res.Decision)
	}
	root := res.Trace.Tree().Root()
	if truncation(root) == nil {
		t.Fatal("no truncation note")
	}
	if n := countNodes(root); n > maxTraceNodes+3 {
		t.Errorf("%d nodes, want at most %d and the root, note and decision", n, maxTraceNodes)
	}
}

// A trace under the limits has no truncation note.
func TestTraceNotTruncatedUnderLimits(t *testing.T) {
	for _, name := range benchShapes {
		in, req := loadBench(t, name)
		if note := truncation(Evaluate(&in.Policies, req, Options{Trace: true}).Trace.Tree().Root()); note != nil {
			t.Errorf("%s: %s", name, note.Label)
		}
	}
}

// A reused trace reuses the explanations of conditions that did not change
// (tree.go, explain); when the request gives a condition other values, or
// the condition reads otherwise, it is explained anew. Each report must
// equal a fresh trace's.
func TestReusedTraceExplainsChangedConditions(t *testing.T) {
	const res = "arn:aws:s3:::bucket-7/k"
	pols := scalePolicies(t, 20, "arn:aws:s3:::bucket-")
	other := scalePolicies(t, 20, "arn:aws:s3:::bucket-")
	// The same conditions parsed again: other pointers, same text.
	steps := []struct {
		pols *Policies
		team string
	}{
		{pols, "none"}, {pols, "none"}, {pols, "team-7"}, {other, "team-7"}, {pols, "none"}, {other, "team-3"},
	}
	var prev *Trace
	for i, s := range steps {
		req := scaleRequest(t, res, s.team)
		fresh, _ := json.Marshal(Evaluate(s.pols, req, Options{Trace: true}).Report())
		r := Evaluate(s.pols, req, Options{Trace: true, Reuse: prev})
		reused, _ := json.Marshal(r.Report())
		if !bytes.Equal(fresh, reused) {
			t.Fatalf("step %d (team %s): the reused trace's report differs from a fresh one", i, s.team)
		}
		if want := s.team == "team-7"; (r.Decision == Allowed) != want {
			t.Errorf("step %d: decision %v", i, r.Decision)
		}
		prev = r.Trace
	}
}

// The tree's JSON is written by hand from the flat items (AppendJSON); it
// must be what encoding/json writes for the same tree as linked Nodes, so
// that a field added to Node cannot be silently lost. Every input under
// testdata is checked, traced and reused as on a keystroke.
func TestTreeJSONMatchesNodes(t *testing.T) {
	var prev *Trace
	checked := 0
	for _, f := range treeInputs(t) {
		in, req := readInput(t, f)
		res := Evaluate(&in.Policies, req, Options{Trace: true, Reuse: prev})
		prev = res.Trace
		tree := res.Trace.Tree()
		got := tree.AppendJSON(nil)
		want, err := json.Marshal(tree.Root())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: AppendJSON\n%s\nencoding/json of Root\n%s", f, got, want)
		}
		checkTree(t, res.Trace)
		plain := Evaluate(&in.Policies, req, Options{}).Report()
		for _, rep := range []Report{res.Report(), plain} {
			if got, want := rep.AppendJSON(nil), mustMarshal(t, (*plainReport)(&rep)); !bytes.Equal(got, want) {
				t.Errorf("%s: Report.AppendJSON\n%s\nencoding/json\n%s", f, got, want)
			}
		}
		if n := countNodes(tree.Root()); n != tree.Len() {
			t.Errorf("%s: Root has %d nodes, the tree %d items", f, n, tree.Len())
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d inputs evaluated", checked)
	}
}

// checkTree checks what a trace tree shows against the evaluation: its
// JSON is valid and the same as encoding/json's of its linked nodes, and
// every condition, tested while evaluating or only when shown, has the
// result the condition's test gives.
func checkTree(t *testing.T, tr *Trace) {
	t.Helper()
	tree := tr.Tree()
	js := tree.AppendJSON(nil)
	if !json.Valid(js) {
		t.Fatalf("the tree's JSON is not valid: %.200s", js)
	}
	want, err := json.Marshal(tree.Root())
	if err != nil || !bytes.Equal(js, want) {
		t.Fatalf("AppendJSON and encoding/json of Root differ (%v)", err)
	}
	for i := range tr.events {
		e := &tr.events[i]
		if e.kind != evCondition || (tr.cut >= 0 && i >= int(tr.cut)) {
			continue
		}
		c := tr.resolve(e).cond
		vals, present := tr.req.lookupLower(c.KeyLower)
		if got, want := tree.Node(i+1).Result, matchResult(c.Test.Eval(tr.req, vals, present)); got != want {
			t.Errorf("condition %s %s (untested %v): the tree shows %s, its test gives %s",
				c.Operator, c.Key.Text, e.flags&fUntested != 0, got, want)
		}
	}
}

// plainReport is Report without its AppendJSON, for encoding/json.
type plainReport Report

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A folded tree leaves out the children of the statements the playground
// shows closed, and AppendChildrenJSON gives them back: unfolding every
// folded statement gives the whole tree.
func TestFoldedTreeUnfoldsToTheWholeTree(t *testing.T) {
	folded := 0
	for _, f := range treeInputs(t) {
		in, req := readInput(t, f)
		tree := Evaluate(&in.Policies, req, Options{Trace: true}).Trace.Tree()
		var whole, part map[string]any
		if err := json.Unmarshal(tree.AppendJSON(nil), &whole); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(tree.AppendJSONFolded(nil), &part); err != nil {
			t.Fatal(err)
		}
		var unfold func(n map[string]any)
		unfold = func(n map[string]any) {
			if id, ok := n["folded"].(float64); ok {
				folded++
				if n["kind"] != "statement" || n["result"] == "match" {
					t.Errorf("%s: folded %v %v", f, n["kind"], n["result"])
				}
				var kids []any
				if err := json.Unmarshal(tree.AppendChildrenJSON(nil, int(id)), &kids); err != nil || len(kids) == 0 {
					t.Fatalf("%s: children of %v: %v %v", f, id, kids, err)
				}
				delete(n, "folded")
				n["children"] = kids
			}
			kids, _ := n["children"].([]any)
			for _, k := range kids {
				unfold(k.(map[string]any))
			}
		}
		unfold(part)
		a, _ := json.Marshal(whole)
		b, _ := json.Marshal(part)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: the folded tree, unfolded, differs from the whole tree", f)
		}
	}
	if folded == 0 {
		t.Error("no statement was folded: the conditions shape has twenty statements that do not apply")
	}
	// Items that are not containers, or not in the tree, have no children.
	in, req := loadBench(t, "conditions")
	tree := Evaluate(&in.Policies, req, Options{Trace: true}).Trace.Tree()
	for _, i := range []int{-1, tree.Len() * 10, tree.decisionItem()} {
		if got := string(tree.AppendChildrenJSON(nil, i)); got != "[]" {
			t.Errorf("children of item %d: %s", i, got)
		}
	}
}

// treeInputs are the inputs under testdata: the golden traces' and the
// benchmark shapes.
func treeInputs(t *testing.T) []string {
	t.Helper()
	golden, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.input.json"))
	bench, _ := filepath.Glob(filepath.Join("testdata", "bench", "*.json"))
	files := append(golden, bench...)
	if len(files) < 10 {
		t.Fatalf("only %d inputs under testdata", len(files))
	}
	return files
}

// TestLogSizeBoundsTheLog checks that logSize is enough for every event a
// traced evaluation records, so that recording allocates its log once:
// the golden and benchmark inputs, and policies of 1,000 statements.
func TestLogSizeBoundsTheLog(t *testing.T) {
	check := func(name string, p *Policies, req *Prepared) {
		t.Helper()
		res := Evaluate(p, req, Options{Trace: true})
		want, _ := logSize(p)
		if got := len(res.Trace.events); got > want {
			t.Errorf("%s: %d events recorded, logSize said at most %d", name, got, want)
		}
	}
	for _, f := range treeInputs(t) {
		in, req := readInput(t, f)
		check(f, &in.Policies, req)
	}
	check("scale", scalePolicies(t, 1000, "arn:aws:s3:::bucket-"), scaleRequest(t, "arn:aws:s3:::other/key", "none"))
}
