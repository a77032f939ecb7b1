package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem is one thing wrong with the site's sources, located at a file and
// line (Line is 0 when the problem concerns a whole file).
type Problem struct {
	File string
	Line int
	Msg  string
}

// Error formats the problem as "file:line: msg".
func (p *Problem) Error() string {
	if p.Line > 0 {
		return p.File + ":" + strconv.Itoa(p.Line) + ": " + p.Msg
	}
	return p.File + ": " + p.Msg
}

// Problems is every problem a build found, so that one run reports them all.
type Problems []*Problem

// Addf records a problem.
func (ps *Problems) Addf(file string, line int, format string, args ...any) {
	*ps = append(*ps, &Problem{File: file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the problems by file and line.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b *Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Msg, b.Msg))
	})
}

// Err returns the problems as an error, or nil when there are none.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	return ps
}

// Error lists every problem, one a line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.Error())
	}
	return b.String()
}
