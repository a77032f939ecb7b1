package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exerciseBlock is an exercise on an S3 read: the start allows nothing,
// the solution allows the read, and the goal also asks that deletes stay
// denied.
func exerciseBlock(id, startAction, solutionAction string) string {
	pol := func(action string) string {
		return `{"identity": [{"name": "Reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "` + action + `", "Resource": "*"}]}}]}`
	}
	req := func(action string) string {
		return `{"principal": "arn:aws:iam::111122223333:user/priya", "action": "` + action + `", "resource": "arn:aws:s3:::orders/1.json"}`
	}
	return "```iam-exercise\n{\n" +
		`"id": "` + id + `", "title": "Let Priya read orders", "task": "Allow the read, not the delete.",` + "\n" +
		`"start": {"policies": ` + pol(startAction) + `, "request": ` + req("s3:GetObject") + `},` + "\n" +
		`"goals": [{"label": "read", "request": ` + req("s3:GetObject") + `, "expect": "allowed"}, {"label": "no delete", "request": ` + req("s3:DeleteObject") + `, "expect": "implicitDeny"}],` + "\n" +
		`"hints": ["Allow s3:GetObject."],` + "\n" +
		`"solution": {"policies": ` + pol(solutionAction) + `}` + "\n}\n```\n"
}

// TestExerciseChecks: the build refuses an exercise whose starting state
// already meets the goal or whose solution does not, and a duplicated id.
func TestExerciseChecks(t *testing.T) {
	const head = "---\ntitle: Ex\norder: 1\npart: Basics\nsummary: An exercise.\n---\n" +
		"```iam-example\nscenario: 01-shop\nrequest: read an image\nexpect: allowed\n```\n\n"
	tests := []struct {
		name, body, want, line string
	}{
		{"start already solved", exerciseBlock("a", "s3:GetObject", "s3:GetObject"), "the starting state already meets every goal", "13"},
		{"solution fails a goal", exerciseBlock("a", "s3:PutObject", "s3:*"), "goal 2 (no delete) needs implicitDeny, but the solution gets allowed", "13"},
		{"duplicate id", exerciseBlock("a", "s3:PutObject", "s3:GetObject") + exerciseBlock("a", "s3:PutObject", "s3:GetObject"), "id \"a\" is also used", "22"},
		{"unknown field", "```iam-exercise\n{\"id\": \"a\", \"titel\": \"x\"}\n```\n", "unknown field \"titel\"", "13"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "ex.md"), []byte(head+tt.body), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Build(testConfig(t, dir))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("build error %v, want %q", err, tt.want)
			}
			if !strings.Contains(err.Error(), "ex.md:"+tt.line+": exercise:") {
				t.Errorf("the problem is not at the exercise's fence (line %s): %v", tt.line, err)
			}
		})
	}
}

// TestExerciseLink: a good exercise renders its goal and links the
// playground with the starting state and the goal in the share state.
func TestExerciseLink(t *testing.T) {
	dir := t.TempDir()
	body := "---\ntitle: Ex\norder: 1\npart: Basics\nsummary: An exercise.\n---\n" +
		"```iam-example\nscenario: 01-shop\nrequest: read an image\nexpect: allowed\n```\n\n" + exerciseBlock("priya-reads", "s3:PutObject", "s3:GetObject")
	if err := os.WriteFile(filepath.Join(dir, "ex.md"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(t, dir)
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	page := string(readTree(t, cfg.Out)["lessons/ex/index.html"])
	if !strings.Contains(page, `data-exercise="priya-reads"`) {
		t.Fatalf("no exercise on the page:\n%s", page)
	}
	page = page[strings.Index(page, `data-exercise="priya-reads"`):]
	i := strings.Index(page, `href="/play/#v1.`)
	if i < 0 {
		t.Fatal("no playground link")
	}
	link := page[i+len(`href="`):]
	link = link[:strings.IndexByte(link, '"')]
	st, err := decodeShareLink(link)
	if err != nil {
		t.Fatal(err)
	}
	var g Goal
	if err := json.Unmarshal(st.Goal, &g); err != nil {
		t.Fatalf("goal %s: %v", st.Goal, err)
	}
	if g.ID != "priya-reads" || len(g.Goals) != 2 || g.Goals[1].Expect != "implicitDeny" || g.Lesson != "/lessons/ex/" || len(g.Solution.Identity) != 1 {
		t.Errorf("goal %+v", g)
	}
	if !strings.Contains(string(st.Input), `s3:PutObject`) || strings.Contains(string(st.Input), `s3:GetObject\"`) {
		t.Errorf("the link's state is not the starting state: %s", st.Input)
	}
}

// TestLessonsHaveExercises: every lesson from lesson 5 on ends with at
// least one exercise (the build has already checked each against the
// engine).
func TestLessonsHaveExercises(t *testing.T) {
	cfg := Config{Content: "../../content", Scenarios: catalog("../../scenarios"), Out: filepath.Join(t.TempDir(), "dist"), Keep: []string{"play"}}
	s, err := newSite(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s.readContent()
	s.readScenarios()
	s.parse()
	if err := s.probs.Err(); err != nil {
		t.Fatal(err)
	}
	for _, l := range s.lessons {
		if n := len(l.Doc.exercises()); l.Index >= 5 && n == 0 && l.Meta.Part != "Reference" {
			t.Errorf("lesson %d (%s) has no exercise", l.Index, l.File)
		}
	}
}
