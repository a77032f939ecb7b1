package fix

import (
	"strconv"
	"strings"
)

// maxDiffLines bounds the line diff, which costs lines² time and memory:
// longer documents are shown whole, removed then added.
const maxDiffLines = 3000

// unified returns the edit from before to after as a unified diff with three
// lines of context, under the header name.
func unified(name, before, after string) string {
	return unifiedFiles(name, name+" (fixed)", before, after)
}

// unifiedFiles is unified with the two header names given.
func unifiedFiles(oldName, newName, before, after string) string {
	a, b := splitLines(before), splitLines(after)
	ops := lineOps(a, b)
	var out strings.Builder
	out.WriteString("--- " + oldName + "\n+++ " + newName + "\n")
	const ctx = 3
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		start := max(i-ctx, 0)
		end := i
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		aStart, bStart := ops[start].a, ops[start].b
		na, nb := 0, 0
		for _, op := range ops[start:end] {
			if op.kind != '+' {
				na++
			}
			if op.kind != '-' {
				nb++
			}
		}
		out.WriteString("@@ -" + hunkRange(aStart, na) + " +" + hunkRange(bStart, nb) + " @@\n")
		for _, op := range ops[start:end] {
			out.WriteByte(op.kind)
			out.WriteString(op.text)
			out.WriteByte('\n')
		}
		i = end
	}
	return out.String()
}

func hunkRange(start, n int) string {
	if n == 0 {
		return strconv.Itoa(start) + ",0"
	}
	return strconv.Itoa(start+1) + "," + strconv.Itoa(n)
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type lineOp struct {
	kind byte // ' ', '-' or '+'
	text string
	a, b int // line index in before and after (from 0) where the op sits
}

// lineOps is the longest-common-subsequence line diff of a and b.
func lineOps(a, b []string) []lineOp {
	var ops []lineOp
	if len(a) > maxDiffLines || len(b) > maxDiffLines {
		for i, l := range a {
			ops = append(ops, lineOp{'-', l, i, 0})
		}
		for j, l := range b {
			ops = append(ops, lineOp{'+', l, len(a), j})
		}
		return ops
	}
	n, m := len(a), len(b)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && a[i] == b[j]:
			ops = append(ops, lineOp{' ', a[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, lineOp{'-', a[i], i, j})
			i++
		default:
			ops = append(ops, lineOp{'+', b[j], i, j})
			j++
		}
	}
	return ops
}
