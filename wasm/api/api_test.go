package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// named builds a flat input with the given identity policies (name → text),
// as the browser sends it.
func named(t *testing.T, action string, pols ...[2]string) []byte {
	t.Helper()
	var docs []map[string]string
	for _, p := range pols {
		docs = append(docs, map[string]string{"name": p[0], "document": p[1]})
	}
	b, err := json.Marshal(map[string]any{
		"policies": map[string]any{"identity": docs},
		"request": map[string]any{
			"principal": "arn:aws:iam::111111111111:user/alice",
			"action":    action,
			"resource":  "arn:aws:s3:::bucket/key",
			"context":   map[string]any{"aws:SourceIp": "203.0.113.7", "aws:TagKeys": []string{"a", "b"}},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const allowGet = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
  ]
}`

// answer is a Response as the page reads it.
type answer struct {
	Errors []Diagnostic `json:"errors"`
	Report *struct {
		Decision string `json:"decision"`
		Deciding *struct {
			Policy string `json:"policy"`
			Sid    string `json:"sid"`
		} `json:"deciding"`
		Trace json.RawMessage `json:"trace"`
	} `json:"report"`
}

func decode(t *testing.T, b []byte) answer {
	t.Helper()
	var r answer
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, b)
	}
	return r
}

func TestEvaluate(t *testing.T) {
	tests := []struct {
		name       string
		input      []byte
		decision   string // "" when no report is expected
		errPolicy  string
		errField   string
		errLine    int
		errCol     int
		sid        string
		wantErrors int
	}{
		{name: "allowed", input: named(t, "s3:GetObject", [2]string{"Dev", allowGet}), decision: "allowed", sid: "Read"},
		{name: "explicit deny", input: named(t, "s3:DeleteObject", [2]string{"Dev", allowGet}), decision: "explicitDeny", sid: "NoDelete"},
		{name: "implicit deny", input: named(t, "s3:PutObject", [2]string{"Dev", allowGet}), decision: "implicitDeny"},
		{name: "syntax error in second editor", wantErrors: 1, errPolicy: "Broken", errLine: 3, errCol: 17,
			input: named(t, "s3:GetObject", [2]string{"Dev", allowGet}, [2]string{"Broken", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n}"})},
		{name: "request error", wantErrors: 1, errField: "action",
			input: named(t, "s3:Get*", [2]string{"Dev", allowGet})},
		{name: "not JSON", wantErrors: 1, input: []byte(`{"policies": `)},
		{name: "empty", wantErrors: 1, input: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := decode(t, Evaluate(tt.input))
			if tt.decision == "" {
				if r.Report != nil {
					t.Errorf("got a report (%s), want none", r.Report.Decision)
				}
			} else if r.Report == nil {
				t.Fatalf("no report; errors: %+v", r.Errors)
			} else {
				if got := r.Report.Decision; got != tt.decision {
					t.Errorf("decision %s, want %s", got, tt.decision)
				}
				if tt.sid != "" && (r.Report.Deciding == nil || r.Report.Deciding.Sid != tt.sid || r.Report.Deciding.Policy != "Dev") {
					t.Errorf("deciding %+v, want Dev/%s", r.Report.Deciding, tt.sid)
				}
				if r.Report.Trace == nil {
					t.Error("no trace")
				}
			}
			if tt.wantErrors > 0 && len(r.Errors) < tt.wantErrors {
				t.Fatalf("got %d errors, want at least %d", len(r.Errors), tt.wantErrors)
			}
			if tt.wantErrors == 0 && len(r.Errors) > 0 {
				t.Fatalf("unexpected errors %+v", r.Errors)
			}
			if tt.errPolicy != "" || tt.errField != "" {
				e := r.Errors[0]
				if e.Policy != tt.errPolicy || e.Field != tt.errField {
					t.Errorf("error names policy %q field %q, want %q %q (%+v)", e.Policy, e.Field, tt.errPolicy, tt.errField, e)
				}
				if tt.errLine > 0 && (e.Span == nil || e.Span.Start.Line != tt.errLine || e.Span.Start.Col != tt.errCol) {
					t.Errorf("error at %+v, want %d:%d", e.Span, tt.errLine, tt.errCol)
				}
				if e.Severity != "error" || e.Code == "" || e.Message == "" {
					t.Errorf("incomplete diagnostic %+v", e)
				}
			}
		})
	}
}

// TestEncodeMatchesJSON checks the hand-written encoder against
// encoding/json on real reports: both must decode to the same value.
func TestEncodeMatchesJSON(t *testing.T) {
	inputs := map[string][]byte{
		"allowed":      named(t, "s3:GetObject", [2]string{"Dev", allowGet}),
		"deny":         named(t, "s3:DeleteObject", [2]string{"Dev", allowGet}),
		"error":        named(t, "s3:GetObject", [2]string{"Bad", `{"Version": "2012-10-17", "Statement": [{"Effect": "Maybe"}]}`}),
		"request":      named(t, "", [2]string{"Dev", allowGet}),
		"odd strings":  named(t, "s3:GetObject", [2]string{"<img src=x onerror=alert(1)> \u2028 \"q\" \\ \x01 é 😀", allowGet}),
		"invalid utf8": named(t, "s3:GetObject", [2]string{"x\xffy", allowGet}),
	}
	for _, f := range benchFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = b
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			resp := evaluate(in, &trace)
			want, err := json.Marshal(resp)
			if err != nil {
				t.Fatal(err)
			}
			got := Evaluate(in)
			var g, w any
			if err := json.Unmarshal(got, &g); err != nil {
				t.Fatalf("hand-written JSON does not parse: %v\n%s", err, got)
			}
			if err := json.Unmarshal(want, &w); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(g, w) {
				t.Errorf("encodings differ\n got: %s\nwant: %s", got, want)
			}
		})
	}
}

// benchFiles are the shared benchmark inputs, when the shared folder is
// beside the checkout (it is optional: the project builds without it).
func benchFiles(t *testing.T) []string {
	files, _ := filepath.Glob("../../engine/testdata/bench/*.json")
	return files
}

func TestEvaluateBench(t *testing.T) {
	files := benchFiles(t)
	if len(files) == 0 {
		t.Fatal("engine/testdata/bench is missing")
	}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		r := decode(t, Evaluate(b))
		if r.Report == nil || r.Report.Decision != engine.Allowed.String() {
			t.Errorf("%s: %+v %+v", f, r.Report, r.Errors)
		}
	}
}

func BenchmarkEvaluate(b *testing.B) {
	files, _ := filepath.Glob("../../engine/testdata/bench/layered.json")
	if len(files) == 0 {
		b.Fatal("engine/testdata/bench is missing")
	}
	in, _ := os.ReadFile(files[0])
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}

// The page's evaluation folds the statements it shows closed, and
// AppendChildren gives their children back for that evaluation only:
// another page evaluation makes them stale (null), while other
// evaluations (an exercise's) do not.
func TestPageEvaluationUnfolds(t *testing.T) {
	src, err := os.ReadFile("../../engine/testdata/bench/conditions.json")
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Report struct {
			Decision string          `json:"decision"`
			Trace    json.RawMessage `json:"trace"`
		} `json:"report"`
		Gen int `json:"gen"`
	}
	if err := json.Unmarshal(AppendEvaluatePage(nil, src), &page); err != nil || page.Report.Decision != "allowed" {
		t.Fatalf("%v %+v", err, page)
	}
	ids := regexp.MustCompile(`"folded":(\d+)`).FindAllSubmatch(page.Report.Trace, -1)
	if len(ids) == 0 {
		t.Fatal("no folded statement in the page's answer")
	}
	id, _ := strconv.Atoi(string(ids[0][1]))
	var kids []map[string]any
	if err := json.Unmarshal(AppendChildren(nil, page.Gen, id), &kids); err != nil || len(kids) < 2 || kids[0]["kind"] != "action" {
		t.Fatalf("children of %d: %v %v", id, kids, err)
	}
	Evaluate(src) // an exercise's evaluation
	if again := AppendChildren(nil, page.Gen, id); string(again) == "null" {
		t.Error("another kind of evaluation made the page's tree stale")
	}
	AppendEvaluatePage(nil, src)
	if stale := string(AppendChildren(nil, page.Gen, id)); stale != "null" {
		t.Errorf("children of an older page evaluation: %.80s, want null", stale)
	}
}
