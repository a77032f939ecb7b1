package policy

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Pos is a place in a policy's source text: a byte offset and a 1-based
// line and column. Columns count bytes from the start of the line, as Go's
// tools (go/token) and most command-line tools do; each edge converts them
// for its editor (the playground to UTF-16 code units, for CodeMirror).
// Lines end at "\n", "\r\n" or a lone "\r".
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
// offsets can be turned into line and column numbers in O(log lines).
type Source struct {
	Name string // file or policy name used in messages
	Text string
	// lines holds the byte offset of each line start, made once (indexed
	// says when) by NewSource or, for a LazySource, by the first Pos.
	index   sync.Once
	indexed atomic.Bool
	lines   []int
}

// NewSource indexes text for position lookups.
func NewSource(name string, text string) *Source {
	s := &Source{Name: name, Text: text}
	s.index.Do(s.makeIndex)
	return s
}

// LazySource is NewSource for a text whose positions may never be asked
// for, such as the playground's input around its policies, read again on
// every keystroke: the text is indexed by the first Pos.
func LazySource(name string, text string) *Source {
	return &Source{Name: name, Text: text}
}

// makeIndex makes lines.
func (s *Source) makeIndex() {
	text := s.Text
	// A text without \r (the usual case) needs only the fast search for
	// \n; strings.IndexAny tests every byte. The lines are not counted
	// first: in WebAssembly strings.Count tests every byte too, and took 4%
	// of a keystroke's evaluation of a 100-statement policy. A policy's
	// lines average 20 to 40 bytes: a denser text grows the index once.
	next := func(t string) int { return strings.IndexByte(t, '\n') }
	if strings.IndexByte(text, '\r') >= 0 {
		next = func(t string) int { return strings.IndexAny(t, "\r\n") }
	}
	s.lines = make([]int, 1, len(text)/32+2)
	for i := 0; i < len(text); {
		j := next(text[i:])
		if j < 0 {
			break
		}
		i += j + 1
		if text[i-1] == '\r' && i < len(text) && text[i] == '\n' {
			i++ // \r\n ends one line
		}
		s.lines = append(s.lines, i)
	}
	s.indexed.Store(true)
}

// Pos converts a byte offset into a position.
func (s *Source) Pos(offset int) Pos {
	if !s.indexed.Load() {
		s.index.Do(s.makeIndex)
	}
	offset = min(max(offset, 0), len(s.Text))
	line := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > offset }) - 1
	return Pos{Offset: offset, Line: line + 1, Col: offset - s.lines[line] + 1}
}

// Span converts a byte range into a span.
func (s *Source) Span(start, end int) Span {
	return Span{Start: s.Pos(start), End: s.Pos(end)}
}
