// Package jsonpos parses JSON into a tree whose every value and object key
// remembers the byte offsets it came from, so that policy errors and trace
// items can point back into the text a person typed. It is strict where IAM
// is strict (one top-level value, valid UTF-8, bounded nesting) and never
// panics on any input.
package jsonpos

import (
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Kind says which JSON type a Value holds.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

var kindNames = [...]string{"null", "boolean", "number", "string", "array", "object"}

// String names the kind as a person would ("object", "array", …).
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "value"
}

// Value is one parsed JSON value. Start and End are byte offsets into the
// source: End is one past the last byte.
type Value struct {
	Kind    Kind
	Text    string   // decoded string; number text; "true"/"false"
	Items   []*Value // elements of an array
	Members []Member // members of an object, in source order
	Start   int
	End     int
	// Lazy marks an object that ParseKnown left unparsed because its text
	// was known: Members is empty. ParseValueAt parses it.
	Lazy bool
}

// Member is one "key": value pair of an object.
type Member struct {
	Key      string
	KeyStart int
	KeyEnd   int
	Value    *Value
}

// Get returns the member value with exactly this key, or nil.
func (v *Value) Get(key string) *Value {
	for i := range v.Members {
		if v.Members[i].Key == key {
			return v.Members[i].Value
		}
	}
	return nil
}

func hasKey(ms []Member, key string) bool {
	for i := range ms {
		if ms[i].Key == key {
			return true
		}
	}
	return false
}

// plain marks the bytes a string copies as they are: printable ASCII other
// than the quote and the backslash.
var plain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// Error is a syntax error at a byte offset.
type Error struct {
	Offset int
	Code   string // json.syntax, json.utf8, json.depth, json.duplicateKey
	Msg    string
}

func (e *Error) Error() string { return e.Msg }

// MaxDepth is the deepest nesting of arrays and objects accepted. IAM policies
// never nest more than a handful of levels; the limit keeps hostile input
// from exhausting the stack.
const MaxDepth = 64

// Parse parses src as exactly one JSON value. Duplicate keys within one
// object are reported as errors, since IAM rejects them and a silent "last one
// wins" hides mistakes.
func Parse(src []byte) (*Value, *Error) { return ParseString(string(src)) }

// ParseString is Parse for text already held as a string. Decoded strings
// without escapes are slices of src, and values come from a slab: parsing
// allocates little beyond the tree's slices.
func ParseString(src string) (*Value, *Error) {
	p := parser{src: src}
	return p.document()
}

// document parses the whole of p.src as one value.
func (p *parser) document() (*Value, *Error) {
	if strings.HasPrefix(p.src, "\ufeff") {
		// RFC 8259: JSON text "MUST NOT add a byte order mark"; editors on
		// Windows add one, so name it rather than call it a syntax error.
		return nil, p.fail(0, "json.bom", "the text starts with a byte order mark (U+FEFF, bytes EF BB BF), which JSON does not allow: save the file as UTF-8 without a BOM")
	}
	p.skipSpace()
	v := p.value(0)
	if p.err != nil {
		return nil, p.err
	}
	p.skipSpace()
	if p.pos < len(p.src) {
		return nil, p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+" after the end of the document")
	}
	return v, nil
}

// ParseKnown is ParseString for a document that was parsed before with a
// small change: each object that is an element of the array held by the
// top-level member named key (a policy's statements) is offered as text to
// known, and when known reports it as already parsed it is not parsed again
// but returned as a Lazy value, with Start and End in place and no members.
// known must report only text that parsed as a JSON object before, at the
// same depth: the answer is then the same as ParseString's.
func ParseKnown(src, key string, known func(text string) bool) (*Value, *Error) {
	p := parser{src: src, lazyKey: key, known: known}
	return p.document()
}

// ParseValueAt parses the value that starts at offset start of src, such as
// a Lazy value of ParseKnown; depth is how many arrays and objects hold it
// (2 for a statement in a policy's Statement list). Its Start and End count
// from the start of src.
func ParseValueAt(src string, start, depth int) (*Value, *Error) {
	p := parser{src: src, pos: start}
	v := p.value(depth)
	if p.err != nil {
		return nil, p.err
	}
	return v, nil
}

// skipKnown skips the object at p.pos when its text is known, and returns
// it as a Lazy value; else it leaves p.pos alone and returns nil. Finding
// the end needs only brackets and strings: for text that parsed before,
// they end it where parsing would.
func (p *parser) skipKnown(depth int) *Value {
	src := p.src // a local, kept in a register (see str)
	start, level, deepest := p.pos, 0, 0
	for i := start; i < len(src); i++ {
		switch src[i] {
		case '"':
			for i++; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			level++
			deepest = max(deepest, level)
		case '}', ']':
			level--
			if level == 0 {
				end := i + 1
				if depth+deepest-1 > MaxDepth || !p.known(src[start:end]) {
					return nil
				}
				p.pos = end
				return p.alloc(Value{Kind: Object, Start: start, End: end, Lazy: true})
			}
		}
	}
	return nil
}

type parser struct {
	src  string
	pos  int
	err  *Error
	slab []Value
	// ParseKnown's top-level member whose array elements may be skipped,
	// and the test of their text
	lazyKey string
	known   func(text string) bool
	// scratch stacks for collecting items and members before they are
	// copied into exactly sized slices
	items   []*Value
	members []Member
}

// alloc returns a fresh value from the slab.
func (p *parser) alloc(v Value) *Value {
	if len(p.slab) == cap(p.slab) {
		n := 2 * cap(p.slab)
		if n < 16 {
			n = 16
		}
		if n > 1024 {
			n = 1024
		}
		p.slab = make([]Value, 0, n)
	}
	p.slab = append(p.slab, v)
	return &p.slab[len(p.slab)-1]
}

func (p *parser) fail(off int, code, msg string) *Error {
	if p.err == nil {
		p.err = &Error{Offset: off, Code: code, Msg: msg}
	}
	return p.err
}

func (p *parser) describe(off int) string {
	if off >= len(p.src) {
		return "end of input"
	}
	c := p.src[off]
	if c >= 0x20 && c < 0x7f {
		return "'" + string(c) + "'"
	}
	r, _ := utf8.DecodeRuneInString(p.src[off:])
	if r == utf8.RuneError {
		return "invalid UTF-8 byte"
	}
	return strconv.QuoteRune(r)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) *Value {
	if p.pos >= len(p.src) {
		p.fail(p.pos, "json.syntax", "unexpected end of input: a value is missing")
		return nil
	}
	start := p.pos
	switch c := p.src[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, ok := p.str()
		if !ok {
			return nil
		}
		return p.alloc(Value{Kind: String, Text: s, Start: start, End: p.pos})
	case c == 't':
		return p.literal("true", Bool)
	case c == 'f':
		return p.literal("false", Bool)
	case c == 'n':
		return p.literal("null", Null)
	case c == '-' || (c >= '0' && c <= '9'):
		return p.number()
	default:
		p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected a value")
		return nil
	}
}

func (p *parser) literal(word string, k Kind) *Value {
	start := p.pos
	if len(p.src)-p.pos < len(word) || p.src[p.pos:p.pos+len(word)] != word {
		p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected a value")
		return nil
	}
	p.pos += len(word)
	return p.alloc(Value{Kind: k, Text: word, Start: start, End: p.pos})
}

func (p *parser) number() *Value {
	start := p.pos
	if p.src[p.pos] == '-' {
		p.pos++
	}
	digits := func() int {
		n := 0
		for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
			p.pos++
			n++
		}
		return n
	}
	intStart := p.pos
	if digits() == 0 {
		p.fail(p.pos, "json.syntax", "malformed number: a digit is missing")
		return nil
	}
	if p.src[intStart] == '0' && p.pos-intStart > 1 {
		p.fail(intStart, "json.syntax", "malformed number: leading zeros are not allowed")
		return nil
	}
	if p.pos < len(p.src) && p.src[p.pos] == '.' {
		p.pos++
		if digits() == 0 {
			p.fail(p.pos, "json.syntax", "malformed number: a digit must follow the decimal point")
			return nil
		}
	}
	if p.pos < len(p.src) && (p.src[p.pos] == 'e' || p.src[p.pos] == 'E') {
		p.pos++
		if p.pos < len(p.src) && (p.src[p.pos] == '+' || p.src[p.pos] == '-') {
			p.pos++
		}
		if digits() == 0 {
			p.fail(p.pos, "json.syntax", "malformed number: a digit must follow the exponent")
			return nil
		}
	}
	return p.alloc(Value{Kind: Number, Text: p.src[start:p.pos], Start: start, End: p.pos})
}

// str reads a string starting at the opening quote and returns its decoded text.
//
// It works on local copies of the source and position, which the compiler
// keeps in registers: read through p, they were loaded again for every
// byte. A policy held in a string (as the playground sends its editors'
// texts) escapes a quote or newline every few bytes, and decoding it was a
// quarter of a keystroke's evaluation of a 100-statement policy.
func (p *parser) str() (string, bool) {
	src, start := p.src, p.pos
	pos := start + 1 // after the opening quote
	// Fast path: no escapes. The substring is the string, once its UTF-8
	// is known valid.
	i := pos
	for i < len(src) && src[i] != '"' && src[i] != '\\' && src[i] >= 0x20 {
		i++
	}
	if i < len(src) && src[i] == '"' && utf8.ValidString(src[pos:i]) {
		p.pos = i + 1
		return src[pos:i], true
	}
	// Size the buffer for the whole string: find its closing quote, the
	// first one after an even number of backslashes.
	end := i
	for {
		k := strings.IndexByte(src[end:], '"')
		if k < 0 {
			end = len(src)
			break
		}
		end += k
		n := 0
		for b := end - 1; b >= pos && src[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			break
		}
		end++
	}
	// A Builder hands its bytes over as the string, without a copy.
	var buf strings.Builder
	buf.Grow(min(end, len(src)) - pos)
	for {
		// Copy the run of plain ASCII up to the next quote, escape,
		// control character or multi-byte character in one go.
		j := pos
		for j < len(src) && plain[src[j]] {
			j++
		}
		buf.WriteString(src[pos:j])
		pos = j
		if pos >= len(src) {
			p.fail(start, "json.syntax", "unterminated string: the closing quote is missing")
			return "", false
		}
		c := src[pos]
		switch {
		case c == '"':
			p.pos = pos + 1
			return buf.String(), true
		case c < 0x20:
			p.fail(pos, "json.syntax", "control character in string: write newlines and tabs as \\n and \\t")
			return "", false
		case c == '\\':
			if pos+1 >= len(src) {
				p.fail(pos, "json.syntax", "unterminated escape sequence")
				return "", false
			}
			e := src[pos+1]
			if d := unescaped[e]; d != 0 {
				buf.WriteByte(d)
				pos += 2
				continue
			}
			if e != 'u' {
				p.fail(pos, "json.syntax", "unknown escape sequence \\"+string(rune(e)))
				return "", false
			}
			r, ok := p.hex4(pos + 2)
			if !ok {
				p.fail(pos, "json.syntax", "malformed \\u escape: four hex digits expected")
				return "", false
			}
			p.pos = pos + 6
			if utf16.IsSurrogate(r) {
				// Only a high surrogate pairs with a following low one; a
				// lone surrogate of either kind becomes U+FFFD, as in
				// encoding/json.
				if r2, ok := p.lowSurrogateAfter(r); ok {
					r = utf16.DecodeRune(r, r2)
				} else {
					r = utf8.RuneError
				}
			}
			pos = p.pos
			buf.WriteRune(r)
		default:
			r, size := utf8.DecodeRuneInString(src[pos:])
			if r == utf8.RuneError && size == 1 {
				p.fail(pos, "json.utf8", "invalid UTF-8 in string: policies must be UTF-8 text")
				return "", false
			}
			buf.WriteString(src[pos : pos+size])
			pos += size
		}
	}
}

// unescaped is the byte a two-character escape stands for, \u aside, or 0.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// lowSurrogateAfter consumes a \u escape holding a low surrogate that
// completes the high surrogate r; for any other r it consumes nothing.
func (p *parser) lowSurrogateAfter(r rune) (rune, bool) {
	if r < 0xDC00 && p.pos+1 < len(p.src) && p.src[p.pos] == '\\' && p.src[p.pos+1] == 'u' {
		if r, ok := p.hex4(p.pos + 2); ok && r >= 0xDC00 && r <= 0xDFFF {
			p.pos += 6
			return r, true
		}
	}
	return 0, false
}

func (p *parser) hex4(at int) (rune, bool) {
	if at+4 > len(p.src) {
		return 0, false
	}
	var r rune
	for i := at; i < at+4; i++ {
		c := p.src[i]
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, false
		}
	}
	return r, true
}

func (p *parser) array(depth int) *Value {
	return p.arrayOf(depth, false)
}

// arrayOf parses an array; with lazy, its objects may be skipped (see
// ParseKnown).
func (p *parser) arrayOf(depth int, lazy bool) *Value {
	v := p.alloc(Value{Kind: Array, Start: p.pos})
	base := len(p.items)
	defer func() { p.items = p.items[:base] }()
	if depth > MaxDepth {
		p.fail(p.pos, "json.depth", "nesting is too deep: more than "+strconv.Itoa(MaxDepth)+" levels of arrays and objects")
		return nil
	}
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == ']' {
		p.pos++
		v.End = p.pos
		return v
	}
	for {
		p.skipSpace()
		var item *Value
		if lazy && p.pos < len(p.src) && p.src[p.pos] == '{' {
			item = p.skipKnown(depth + 1)
		}
		if item == nil {
			item = p.value(depth)
		}
		if p.err != nil {
			return nil
		}
		p.items = append(p.items, item)
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fail(v.Start, "json.syntax", "unclosed array: ']' is missing")
			return nil
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == ']' {
				p.fail(p.pos-1, "json.syntax", "trailing comma before ']'")
				return nil
			}
		case ']':
			p.pos++
			v.End = p.pos
			v.Items = append([]*Value(nil), p.items[base:]...)
			return v
		default:
			p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected ',' or ']'")
			return nil
		}
	}
}

func (p *parser) object(depth int) *Value {
	v := p.alloc(Value{Kind: Object, Start: p.pos})
	base := len(p.members)
	defer func() { p.members = p.members[:base] }()
	if depth > MaxDepth {
		p.fail(p.pos, "json.depth", "nesting is too deep: more than "+strconv.Itoa(MaxDepth)+" levels of arrays and objects")
		return nil
	}
	var seen map[string]bool
	p.pos++
	p.skipSpace()
	if p.pos < len(p.src) && p.src[p.pos] == '}' {
		p.pos++
		v.End = p.pos
		return v
	}
	for {
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fail(v.Start, "json.syntax", "unclosed object: '}' is missing")
			return nil
		}
		if p.src[p.pos] != '"' {
			p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected a quoted key")
			return nil
		}
		keyStart := p.pos
		key, ok := p.str()
		if !ok {
			return nil
		}
		keyEnd := p.pos
		if seen[key] || (seen == nil && hasKey(p.members[base:], key)) {
			p.fail(keyStart, "json.duplicateKey", "duplicate key "+strconv.Quote(key)+" in the same object")
			return nil
		}
		if seen == nil && len(p.members)-base >= 8 {
			// Large objects switch to a set so that hostile input stays linear.
			seen = make(map[string]bool, 2*(len(p.members)-base))
			for _, m := range p.members[base:] {
				seen[m.Key] = true
			}
		}
		if seen != nil {
			seen[key] = true
		}
		p.skipSpace()
		if p.pos >= len(p.src) || p.src[p.pos] != ':' {
			p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected ':' after the key")
			return nil
		}
		p.pos++
		p.skipSpace()
		var val *Value
		if depth == 1 && p.known != nil && key == p.lazyKey && p.pos < len(p.src) && p.src[p.pos] == '[' {
			val = p.arrayOf(depth+1, true)
		} else {
			val = p.value(depth)
		}
		if p.err != nil {
			return nil
		}
		p.members = append(p.members, Member{Key: key, KeyStart: keyStart, KeyEnd: keyEnd, Value: val})
		p.skipSpace()
		if p.pos >= len(p.src) {
			p.fail(v.Start, "json.syntax", "unclosed object: '}' is missing")
			return nil
		}
		switch p.src[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
			if p.pos < len(p.src) && p.src[p.pos] == '}' {
				p.fail(p.pos-1, "json.syntax", "trailing comma before '}'")
				return nil
			}
		case '}':
			p.pos++
			v.End = p.pos
			v.Members = append([]Member(nil), p.members[base:]...)
			return v
		default:
			p.fail(p.pos, "json.syntax", "unexpected "+p.describe(p.pos)+": expected ',' or '}'")
			return nil
		}
	}
}
