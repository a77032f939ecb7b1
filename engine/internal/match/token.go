package match

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token kinds: a pattern is a sequence of characters, each literal, '?' or
// '*'.
const (
	uLit  uint8 = iota // a literal character
	uAny               // '?': any one character
	uStar              // '*': any run of characters
)

// token is one character of a pattern.
type token struct {
	kind uint8
	text string // the character's bytes: one rune, or one invalid byte
}

// invalid reports whether a character's text is a byte of invalid UTF-8.
func invalid(text string) bool { return len(text) == 1 && text[0] >= utf8.RuneSelf }

// tokenize splits text into characters the way a range loop does. lit, if
// not nil, marks the bytes whose '*' and '?' are literal.
func tokenize(text string, lit []bool) []token {
	toks := make([]token, 0, len(text))
	for i := 0; i < len(text); {
		c := text[i]
		w := 1
		if c >= utf8.RuneSelf {
			_, w = utf8.DecodeRuneInString(text[i:])
		}
		k := uLit
		if (c == '*' || c == '?') && (lit == nil || !lit[i]) {
			if c == '*' {
				k = uStar
			} else {
				k = uAny
			}
		}
		toks = append(toks, token{kind: k, text: text[i : i+w]})
		i += w
	}
	return toks
}

// lowerTab maps each byte to itself, except ASCII upper-case letters, which
// it maps to lower case.
var lowerTab = func() (t [256]byte) {
	for i := range t {
		c := byte(i)
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		t[i] = c
	}
	return t
}()

// foldRune maps r to the representative of its simple case-folding orbit
// (the runes that unicode.SimpleFold cycles through, which strings.EqualFold
// treats as equal): the lower-case ASCII letter if the orbit has one, else
// the smallest rune of the orbit. Two runes are equal under folding exactly
// when foldRune maps them to the same rune. The result is never longer in
// UTF-8 than r.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if r < 0 {
			return r
		}
		return rune(lowerTab[r])
	}
	best := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return rune(lowerTab[f])
		}
		if f < best {
			best = f
		}
	}
	return best
}

// foldTokens case-folds the literal characters of a pattern.
func foldTokens(toks []token) ([]token, bool) {
	var out []token
	for i, t := range toks {
		if t.kind != uLit || invalid(t.text) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(t.text)
		f := foldRune(r)
		if f == r {
			continue
		}
		if out == nil {
			out = make([]token, len(toks))
			copy(out, toks)
		}
		out[i].text = string(f)
	}
	if out == nil {
		return toks, false
	}
	return out, true
}

// foldString case-folds s character by character with foldRune, keeping
// invalid bytes as they are (which keeps the characters of s and of the
// result in one-to-one correspondence). It returns s itself, without
// allocating, when folding changes nothing.
func foldString(s string) string {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c-'A' < 26 {
				return foldFrom(s, i)
			}
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w > 1 && foldRune(r) != r {
			return foldFrom(s, i)
		}
		i += w
	}
	return s
}

// foldFrom folds s, whose bytes before i need no folding. It allocates once.
func foldFrom(s string, i int) string {
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			b.WriteByte(lowerTab[c])
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		if w == 1 {
			b.WriteByte(c) // invalid byte: kept as is
		} else {
			b.WriteRune(foldRune(r))
		}
		i += w
	}
	return b.String()
}

// Kinds of subject, for MatchFold.
const (
	asciiLower = iota // ASCII without upper-case letters: already folded
	asciiUpper        // ASCII with upper-case letters
	nonASCII          // holds non-ASCII bytes
)

// scanASCII classifies s, eight bytes at a time.
func scanASCII(s string) int {
	const (
		ones = 0x0101010101010101
		high = 0x80 * ones
	)
	var upper uint64
	for len(s) >= 8 {
		x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if x&high != 0 {
			return nonASCII
		}
		// For bytes below 0x80 the additions do not carry into the next
		// byte: b+0x3f has its high bit set iff b >= 'A', b+0x25 iff b > 'Z'.
		upper |= (x + 0x3f*ones) &^ (x + 0x25*ones)
		s = s[8:]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return nonASCII
		}
		if c-'A' < 26 {
			upper |= high
		}
	}
	if upper&high != 0 {
		return asciiUpper
	}
	return asciiLower
}

// Results of the on-the-fly folding comparisons.
const (
	no       = iota
	yes      // s matches
	needFold // s has non-ASCII bytes where it matters: fold it and retry
)

// The comparisons below compare an ASCII stretch of s, lowered, with lit, a
// case-folded pattern text (see foldRune). They can conclude on ASCII bytes
// alone: an ASCII byte of s is a character of its own, and a folded
// non-ASCII character of lit never matches an ASCII character (an orbit
// holding an ASCII letter is represented by that letter). Reaching a
// non-ASCII byte of s they give up (needFold), as it may fold to anything,
// even to ASCII ('\u212a' to 'k'). An s with fewer bytes than lit never
// matches, since folding never lengthens a character.

// exactLower compares all of s with lit.
func exactLower(s, lit string) int {
	if len(s) < len(lit) {
		return no
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return needFold
		}
		if i >= len(lit) || lowerTab[c] != lit[i] {
			return no
		}
	}
	return yes
}

// prefixLower compares the start of s with lit.
func prefixLower(s, lit string) int {
	if len(s) < len(lit) {
		return no
	}
	for i := 0; i < len(lit); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return needFold
		}
		if lowerTab[c] != lit[i] {
			return no
		}
	}
	return yes
}

// suffixLower compares the end of s with lit, from the end.
func suffixLower(s, lit string) int {
	if len(s) < len(lit) {
		return no
	}
	s = s[len(s)-len(lit):]
	for i := len(lit) - 1; i >= 0; i-- {
		c := s[i]
		if c >= utf8.RuneSelf {
			return needFold
		}
		if lowerTab[c] != lit[i] {
			return no
		}
	}
	return yes
}
