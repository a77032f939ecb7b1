package policy

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Pos is a place in a policy's source text: a byte offset and a 1-based
// line and column. Columns count characters (runes), as editors show them.
type Pos struct {
	Offset int `json:"offset"`
	Line   int `json:"line"`
	Col    int `json:"col"`
}

// IsValid reports whether the position was set.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String formats the position as "line:col".
func (p Pos) String() string {
	return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col)
}

// Span is the source range of a policy element, from Start up to (not
// including) End.
type Span struct {
	Start Pos `json:"start"`
	End   Pos `json:"end"`
}

// Source is a policy text with an index of its line starts, so that byte
// offsets can be turned into line and column numbers.
type Source struct {
	Name  string // file or policy name used in messages
	Text  string
	lines []int // byte offset of each line start
	ascii bool  // the text is all ASCII: columns are byte counts
	// last is the most recent position computed: the parser asks for
	// positions mostly in increasing order, so counting on from the last
	// one keeps long lines cheap.
	last Pos
}

// NewSource indexes text for position lookups.
func NewSource(name string, text string) *Source {
	s := &Source{Name: name, Text: text, lines: []int{0}, ascii: true}
	for i := 0; i < len(text); {
		j := strings.IndexByte(text[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		s.lines = append(s.lines, i)
	}
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			s.ascii = false
			break
		}
	}
	return s
}

// Pos converts a byte offset into a position.
func (s *Source) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > len(s.Text) {
		offset = len(s.Text)
	}
	if l := s.last; l.Line > 0 && offset >= l.Offset && (l.Line == len(s.lines) || offset < s.lines[l.Line]) {
		n := offset - l.Offset
		if !s.ascii {
			n = utf8.RuneCountInString(s.Text[l.Offset:offset])
		}
		p := Pos{Offset: offset, Line: l.Line, Col: l.Col + n}
		s.last = p
		return p
	}
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > offset }) - 1
	start := s.lines[line]
	col := offset - start + 1
	if !s.ascii {
		col = utf8.RuneCountInString(s.Text[start:offset]) + 1
	}
	p := Pos{Offset: offset, Line: line + 1, Col: col}
	s.last = p
	return p
}

// Span converts a byte range into a span.
func (s *Source) Span(start, end int) Span {
	return Span{Start: s.Pos(start), End: s.Pos(end)}
}
