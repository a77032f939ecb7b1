package main

import (
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/scenarios"
)

// scenarioFile is one scenario file to test: its name and text.
type scenarioFile struct {
	name string
	src  []byte
}

// cmdTest runs every request of every scenario file and prints a pass/fail
// table (and each intended-access matrix). Exit status 1 on any mismatch,
// 2 when a file cannot be read or parsed.
func cmdTest(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "print every request, not only failures")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	files, err := collectScenarios(fs.Args())
	if err != nil {
		fmt.Fprintf(stderr, "iamplay test: %v\n", err)
		return 2
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "iamplay test: no scenario files (*.json) found")
		return 2
	}
	status := 0
	total, failed := 0, 0
	for _, f := range files {
		s, errs := world.Parse(f.name, f.src)
		for _, e := range errs {
			fmt.Fprintln(stderr, e.Error())
		}
		if s == nil {
			status = 2
			continue
		}
		n, bad := testScenario(s, stdout, *verbose)
		total += n
		failed += bad
	}
	fmt.Fprintf(stdout, "\n%d scenario files, %d requests, %d passed, %d failed\n", len(files), total, total-failed, failed)
	if status == 0 && failed > 0 {
		status = 1
	}
	return status
}

// testScenario evaluates a scenario's requests and prints its table.
func testScenario(s *world.Scenario, w io.Writer, verbose bool) (total, failed int) {
	outcomes := map[*world.Request]*world.Outcome{}
	var rows [][3]string
	width := 0
	for _, r := range s.Requests {
		o := s.Evaluate(r, engine.Options{})
		outcomes[r] = o
		total++
		mark := "ok  "
		if !o.Passed() {
			mark = "FAIL"
			failed++
		}
		if r.Row >= 0 && !verbose && o.Passed() {
			continue
		}
		got := o.Decision.String()
		if !o.Passed() {
			got += " (expected " + r.Expect.String() + ")"
		}
		rows = append(rows, [3]string{mark, r.Name, got})
		width = max(width, len(r.Name))
	}
	status := "ok"
	if failed > 0 {
		status = "FAIL"
	}
	fmt.Fprintf(w, "%-4s %s — %s (%d requests)\n", status, s.ID, s.Title, total)
	if failed > 0 || verbose {
		for _, row := range rows {
			if row[0] == "ok  " && !verbose {
				continue
			}
			fmt.Fprintf(w, "     %s %-*s %s\n", row[0], width, row[1], row[2])
		}
	}
	if m := s.Matrix; m != nil && len(m.Cells) > 0 {
		writeMatrix(w, m, outcomes)
	}
	return total, failed
}

var shortDecision = map[engine.Decision]string{engine.Allowed: "allow", engine.ImplicitDeny: "·", engine.ExplicitDeny: "DENY"}

// writeMatrix prints the intended-access matrix: each cell the decision,
// with "!" and the expectation where they differ.
func writeMatrix(w io.Writer, m *world.Matrix, outcomes map[*world.Request]*world.Outcome) {
	title := m.Title
	if title == "" {
		title = "intended access"
	}
	fmt.Fprintf(w, "     %s (allow = allowed, · = implicit deny, DENY = explicit deny, ! = not as expected)\n", title)
	rowW := 0
	for _, r := range m.Rows {
		rowW = max(rowW, len([]rune(r)))
	}
	colW := make([]int, len(m.Columns))
	for j, c := range m.Columns {
		colW[j] = max(len([]rune(c)), 6)
	}
	var b strings.Builder
	b.WriteString("     " + pad("", rowW))
	for j, c := range m.Columns {
		b.WriteString(" | " + pad(c, colW[j]))
	}
	b.WriteString("\n")
	for i, r := range m.Rows {
		if i >= len(m.Cells) || m.Cells[i] == nil {
			continue
		}
		b.WriteString("     " + pad(r, rowW))
		for j := range m.Columns {
			cell := "?"
			if req := m.Cells[i][j]; req != nil {
				o := outcomes[req]
				cell = shortDecision[o.Decision]
				if !o.Passed() {
					cell = "!" + cell + "≠" + shortDecision[req.Expect]
				}
			}
			b.WriteString(" | " + pad(cell, colW[j]))
		}
		b.WriteString("\n")
	}
	io.WriteString(w, b.String())
}

func pad(s string, n int) string {
	if k := len([]rune(s)); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// collectScenarios reads the files and directories given (default
// scenarios/, or the embedded library when that directory does not exist).
func collectScenarios(args []string) ([]scenarioFile, error) {
	if len(args) == 0 {
		if st, err := os.Stat("scenarios"); err == nil && st.IsDir() {
			args = []string{"scenarios"}
		} else {
			return embeddedScenarios()
		}
	}
	var out []scenarioFile
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			src, err := readFileLimited(a, "the file", maxScenario)
			if err != nil {
				return nil, err
			}
			out = append(out, scenarioFile{a, src})
			continue
		}
		matches, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, err
		}
		sort.Strings(matches)
		for _, m := range matches {
			src, err := readFileLimited(m, "the file", maxScenario)
			if err != nil {
				return nil, err
			}
			out = append(out, scenarioFile{m, src})
		}
	}
	return out, nil
}

func embeddedScenarios() ([]scenarioFile, error) {
	names, err := fs.Glob(scenarios.FS, "*.json")
	if err != nil {
		return nil, err
	}
	var out []scenarioFile
	for _, n := range names {
		src, err := scenarios.FS.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, scenarioFile{"scenarios/" + n, src})
	}
	return out, nil
}
