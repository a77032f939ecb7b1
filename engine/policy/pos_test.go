package policy

import (
	"strings"
	"sync"
	"testing"
)

// Positions carry the byte offset; columns count bytes from the line start
// (as go/token does), so a multi-byte character before an element moves the
// column by its UTF-8 length. Lines end at \n, \r\n or a lone \r.
func TestSourcePositions(t *testing.T) {
	cases := []struct {
		name, text, at string
		line, col      int
	}{
		{"ASCII", "{\n  \"Sid\": 1}", `"Sid"`, 2, 3},
		{"CJK before the element: three bytes each", "{\"名前\": 1, \"Sid\": 2}", `"Sid"`, 1, 15},
		{"emoji before the element: four bytes", "{\"🙂\": 1, \"Sid\": 2}", `"Sid"`, 1, 13},
		{"CRLF line endings", "{\r\n  \"a\": 1,\r\n  \"Sid\": 2}", `"Sid"`, 3, 3},
		{"lone CR line endings", "{\r  \"a\": 1,\r  \"Sid\": 2}", `"Sid"`, 3, 3},
		{"mixed endings", "{\n\r\n\r\"Sid\": 2}", `"Sid"`, 4, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := NewSource("p.json", c.text)
			p := s.Pos(strings.Index(c.text, c.at))
			if p.Line != c.line || p.Col != c.col {
				t.Errorf("position %d:%d, want %d:%d", p.Line, p.Col, c.line, c.col)
			}
		})
	}
}

// A byte order mark gets a message that names it (RFC 8259 forbids one).
func TestByteOrderMarkIsNamed(t *testing.T) {
	_, errs := Parse("p.json", []byte("\ufeff{\"Version\":\"2012-10-17\",\"Statement\":[]}"), Identity)
	if len(errs) != 1 || errs[0].Code != "json.bom" || !strings.Contains(errs[0].Msg, "byte order mark") {
		t.Fatalf("errors %v, want one json.bom", errs)
	}
}

// An error after non-ASCII text on a long line is still found at once: the
// lookup is O(log lines), not a count of characters from the line start.
func BenchmarkPosLongNonASCIILine(b *testing.B) {
	text := strings.Repeat(`{"Sid":"é","Effect":"Allow"},`, 20000)
	s := NewSource("p.json", text)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Pos((i * 7919) % len(text))
	}
}

// A LazySource indexes its text on the first Pos, from any number of
// goroutines at once, and then gives the positions NewSource gives.
func TestLazySourceMatchesNewSource(t *testing.T) {
	for _, text := range []string{"", "{}", "a\nb\nc", "a\r\nb\rc\n", "\n\n\n", "é\nx"} {
		eager, lazy := NewSource("p", text), LazySource("p", text)
		var wg sync.WaitGroup
		got := make([][]Pos, 4)
		for g := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for off := -1; off <= len(text)+1; off++ {
					got[g] = append(got[g], lazy.Pos(off))
				}
			}()
		}
		wg.Wait()
		for g := range got {
			for i, p := range got[g] {
				if want := eager.Pos(i - 1); p != want {
					t.Errorf("%q offset %d: LazySource says %+v, NewSource %+v", text, i-1, p, want)
				}
			}
		}
	}
}
