// Package jsonw writes JSON by hand, for the answers whose shape is fixed:
// the trace tree and the browser module's report. encoding/json (with
// reflect and fmt behind it) would add about a quarter of a megabyte,
// gzipped, to the browser module; these few functions add almost nothing.
package jsonw

import (
	"strconv"
	"unicode/utf8"
)

// Writer appends JSON to B.
type Writer struct{ B []byte }

// Raw appends s as it is: punctuation, or JSON already written.
func (w *Writer) Raw(s string) { w.B = append(w.B, s...) }

// Byte appends one byte of punctuation.
func (w *Writer) Byte(c byte) { w.B = append(w.B, c) }

// Key writes `"name":`, preceded by a comma unless first. Names are plain
// ASCII field names that need no escape.
//
//go:noinline
func (w *Writer) Key(first bool, name string) {
	if !first {
		w.B = append(w.B, ',')
	}
	w.B = append(w.B, '"')
	w.B = append(w.B, name...)
	w.B = append(w.B, '"', ':')
}

const hex = "0123456789abcdef"

// safe marks the ASCII bytes Str copies as they are.
var safe = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// Str writes s as a JSON string, as encoding/json does: invalid UTF-8
// becomes U+FFFD, and <, > and & are escaped too, so the text is safe
// anywhere, as are U+2028 and U+2029.
func (w *Writer) Str(s string) {
	w.B = append(w.B, '"')
	for i := 0; i < len(s); {
		// Copy the run of characters that need no escape in one go.
		j := i
		for j < len(s) && safe[s[j]] {
			j++
		}
		w.B = append(w.B, s[i:j]...)
		if i = j; i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				w.B = append(w.B, '\\', c)
			case c == '\n':
				w.B = append(w.B, '\\', 'n')
			case c == '\r':
				w.B = append(w.B, '\\', 'r')
			case c == '\t':
				w.B = append(w.B, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				w.B = append(w.B, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				w.B = append(w.B, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			w.Raw(`\ufffd`)
		case r == '\u2028':
			w.Raw(`\u2028`)
		case r == '\u2029':
			w.Raw(`\u2029`)
		default:
			w.B = append(w.B, s[i:i+size]...)
		}
		i += size
	}
	w.B = append(w.B, '"')
}

// Int writes n.
func (w *Writer) Int(n int) { w.B = strconv.AppendInt(w.B, int64(n), 10) }

// Bool writes v.
func (w *Writer) Bool(v bool) { w.B = strconv.AppendBool(w.B, v) }

// Strs writes a list of strings; nil is null, as with encoding/json.
func (w *Writer) Strs(list []string) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.B = append(w.B, '[')
	for i, s := range list {
		if i > 0 {
			w.B = append(w.B, ',')
		}
		w.Str(s)
	}
	w.B = append(w.B, ']')
}

// OptStr writes `,"name":"value"` when value is not empty, as omitempty
// does.
func (w *Writer) OptStr(name, value string) {
	if value != "" {
		w.Key(false, name)
		w.Str(value)
	}
}
