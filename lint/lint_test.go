package lint

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// render lists findings one a line with the source text each span covers,
// so that a golden file pins positions as well as messages.
func render(t *testing.T, fs []Finding, files map[string][]byte) string {
	t.Helper()
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String() + " [" + f.Lesson + "]\n")
		src, ok := files[f.File]
		if !ok {
			// a policy given as a string: "file (name)"
			continue
		}
		s, e := f.Span.Start.Offset, f.Span.End.Offset
		if s < 0 || e > len(src) || s > e {
			t.Errorf("%s: span %d-%d outside the file", f, s, e)
			continue
		}
		text := string(src[s:e])
		if len(text) > 70 {
			text = text[:70] + "…"
		}
		b.WriteString("    | " + strings.ReplaceAll(text, "\n", "⏎") + "\n")
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./lint -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// TestCases runs every case file: NAME-bad.json must produce the finding
// NAME, NAME-good.json must not; the full output of each is a golden file.
func TestCases(t *testing.T) {
	files, _ := filepath.Glob("testdata/cases/*.json")
	if len(files) == 0 {
		t.Fatal("no cases")
	}
	for _, path := range files {
		base := strings.TrimSuffix(filepath.Base(path), ".json")
		code, kind, ok := strings.Cut(base, "-")
		if !ok || (kind != "bad" && kind != "good") {
			t.Errorf("%s: name a case CODE-bad.json or CODE-good.json", path)
			continue
		}
		t.Run(base, func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			fs := File(path, src, nil)
			found := false
			for _, f := range fs {
				found = found || f.Code == code
			}
			if kind == "bad" && !found {
				t.Errorf("no %s finding; got:\n%s", code, render(t, fs, nil))
			}
			if kind == "good" && found {
				t.Errorf("unexpected %s finding:\n%s", code, render(t, fs, nil))
			}
			golden(t, "cases/"+base+".txt", render(t, fs, map[string][]byte{path: src}))
		})
	}
}

// TestEveryCheckHasCases: each code lint reports has a bad and a good case.
func TestEveryCheckHasCases(t *testing.T) {
	// and two of the readers' own: duplicate Sids, sizes over IAM's quotas
	for _, code := range append(Codes(), "statement.duplicateSid", "world.quota") {
		for _, kind := range []string{"bad", "good"} {
			if _, err := os.Stat(filepath.Join("testdata", "cases", code+"-"+kind+".json")); err != nil {
				t.Errorf("check %s has no %s case: %v", code, kind, err)
			}
		}
	}
}

// TestLessonsExist: every lesson a finding links to is a lesson of
// content/ (content/NN-slug.md is /lessons/slug/).
func TestLessonsExist(t *testing.T) {
	pages, _ := filepath.Glob("../content/*-*.md")
	have := map[string]bool{}
	for _, p := range pages {
		_, slug, _ := strings.Cut(strings.TrimSuffix(filepath.Base(p), ".md"), "-")
		have[LessonURL(slug)] = true
	}
	if len(have) == 0 {
		t.Fatal("no lessons in ../content")
	}
	var urls []string
	for _, c := range checks {
		urls = append(urls, LessonURL(c.lesson))
	}
	for _, code := range []string{"condition.x", "variable.x", "principal.x", "input.x", "world.x", "scenario.x", "action.x"} {
		urls = append(urls, LessonURL(parserLesson(code)))
	}
	for _, u := range urls {
		if !have[u] {
			t.Errorf("lesson %s does not exist", u)
		}
	}
}

// TestScenarioLibrary lints every scenario of scenarios/. The golden file
// lists, per scenario, the codes of the findings it is expected to have and
// how many (not their positions, so that editing a scenario does not break
// the test unless its findings change): each one either teaches its
// finding or is listed for the lead to decide on.
func TestScenarioLibrary(t *testing.T) {
	files, _ := filepath.Glob("../scenarios/*.json")
	sort.Strings(files)
	var b strings.Builder
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		counts := map[string]int{}
		for _, f := range File(path, src, nil) {
			if _, ours := checks[f.Code]; !ours && f.Severity == Error {
				t.Errorf("%s does not read: %s", path, f)
			}
			counts[f.Severity.String()+" "+f.Code]++
		}
		keys := make([]string, 0, len(counts))
		for k := range counts {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s: %s ×%d\n", filepath.Base(path), k, counts[k])
		}
	}
	golden(t, "scenarios.txt", b.String())
}

// BenchmarkLibrary lints the whole scenario library (the catalog is loaded
// once, before timing).
func BenchmarkLibrary(b *testing.B) {
	cat := catalog.Load()
	files, _ := filepath.Glob("../scenarios/*.json")
	srcs := make([][]byte, len(files))
	for i, f := range files {
		srcs[i], _ = os.ReadFile(f)
	}
	b.ResetTimer()
	for b.Loop() {
		for i, f := range files {
			File(f, srcs[i], cat)
		}
	}
}
