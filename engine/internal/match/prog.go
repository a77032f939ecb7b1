package match

import (
	"strings"
	"unicode/utf8"
)

// Program kinds. The first four are fast paths of kGeneral.
const (
	kExact   uint8 = iota // no wildcard: s == lit
	kAll                  // only '*': anything
	kPrefix               // lit*  (lit valid UTF-8)
	kSuffix               // *lit  (lit valid UTF-8)
	kGeneral              // anything else
)

// shortLit is the longest literal segment searched for with strings.Index
// (or, folding, brute force): the worst case of either is about
// len(subject)×len(segment), so the length is kept small. Longer segments
// use KMP, linear in all cases.
const shortLit = 32

// prog is a compiled wildcard pattern.
//
// All matching functions take fold: when set, the subject is ASCII and each
// of its bytes is lowered (lowerTab) before being compared with the
// pattern, whose literal text is then already case-folded.
type prog struct {
	kind   uint8
	noStar bool   // kGeneral without '*': first is the whole pattern
	lit    string // kExact, kPrefix, kSuffix
	minLen int    // fewest bytes a match needs (kGeneral)
	first  *seg   // segment anchored at the start, if the pattern doesn't start with '*'
	last   *seg   // segment anchored at the end, if the pattern has a '*' and doesn't end with one
	mid    []seg  // segments between '*'s, in order
}

// seg is a run of pattern characters without '*'. A segment of valid UTF-8
// literal characters is matched as bytes (lit); any other (holding '?' or
// invalid UTF-8) character by character (u).
//
// Byte matching is sound for valid UTF-8: a valid encoded rune never starts
// with a continuation byte, so a byte-level occurrence of one found from a
// character boundary of the subject always starts and ends on character
// boundaries too.
type seg struct {
	lit  string
	fail []int32 // KMP failure function of lit (middle segments)
	u    *useg
}

func buildProg(toks []token) prog {
	var g prog
	if len(toks) == 0 {
		return g // kExact ""
	}
	var segs [][]token
	star, wild := false, false
	start := -1
	for i, t := range toks {
		switch t.kind {
		case uStar:
			star = true
			if start >= 0 {
				segs = append(segs, toks[start:i])
				start = -1
			}
			continue
		case uAny:
			wild = true
			g.minLen++
		default:
			g.minLen += len(t.text)
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		segs = append(segs, toks[start:])
	}
	lead := toks[0].kind == uStar
	trail := toks[len(toks)-1].kind == uStar

	switch {
	case !star && !wild:
		// Byte equality is character equality, valid UTF-8 or not.
		g.kind = kExact
		g.lit = concat(toks)
		return g
	case len(segs) == 0:
		g.kind = kAll
		return g
	case !star:
		g.kind = kGeneral
		g.noStar = true
		g.first = newSeg(segs[0], false)
		return g
	case len(segs) == 1 && isLiteral(segs[0]) && lead != trail:
		g.lit = concat(segs[0])
		if trail {
			g.kind = kPrefix
		} else {
			g.kind = kSuffix
		}
		return g
	}
	g.kind = kGeneral
	if !lead {
		g.first = newSeg(segs[0], false)
		segs = segs[1:]
	}
	if !trail {
		g.last = newSeg(segs[len(segs)-1], false)
		segs = segs[:len(segs)-1]
	}
	g.mid = make([]seg, len(segs))
	for i, s := range segs {
		g.mid[i] = *newSeg(s, true)
	}
	return g
}

// isLiteral reports whether a segment can be matched as bytes.
func isLiteral(toks []token) bool {
	for _, t := range toks {
		if t.kind != uLit || invalid(t.text) {
			return false
		}
	}
	return true
}

func concat(toks []token) string {
	var b strings.Builder
	for _, t := range toks {
		b.WriteString(t.text)
	}
	return b.String()
}

// newSeg compiles a segment; search prepares it to be searched for (a
// middle segment) rather than only anchored.
func newSeg(toks []token, search bool) *seg {
	if !isLiteral(toks) {
		return &seg{u: newUseg(toks, search)}
	}
	s := &seg{lit: concat(toks)}
	if search {
		s.fail = kmpTable(s.lit)
	}
	return s
}

func (g *prog) match(s string, fold bool) bool {
	switch g.kind {
	case kExact:
		if fold {
			return len(s) == len(g.lit) && hasPrefixLower(s, g.lit)
		}
		return s == g.lit
	case kAll:
		return true
	case kPrefix:
		if fold {
			return hasPrefixLower(s, g.lit)
		}
		return strings.HasPrefix(s, g.lit)
	case kSuffix:
		if fold {
			return len(s) >= len(g.lit) && hasPrefixLower(s[len(s)-len(g.lit):], g.lit)
		}
		return strings.HasSuffix(s, g.lit)
	}
	return g.matchGeneral(s, fold)
}

func (g *prog) matchGeneral(s string, fold bool) bool {
	if len(s) < g.minLen {
		return false
	}
	pos, end := 0, len(s)
	if g.first != nil {
		n := g.first.prefix(s, fold)
		if n < 0 {
			return false
		}
		if g.noStar {
			return n == len(s)
		}
		pos = n
	}
	if g.last != nil {
		st := g.last.suffix(s[pos:], fold)
		if st < 0 {
			return false
		}
		end = pos + st
	}
	// Greedy: each middle segment at its earliest-ending occurrence.
	for i := range g.mid {
		e := g.mid[i].find(s[pos:end], fold)
		if e < 0 {
			return false
		}
		pos += e
	}
	return true
}

// hasPrefixLower reports whether s, lowered, starts with lit.
func hasPrefixLower(s, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	s = s[:len(lit)]
	for i := 0; i < len(s); i++ {
		if lowerTab[s[i]] != lit[i] {
			return false
		}
	}
	return true
}

// prefix matches the segment at the start of s and returns where the match
// ends, or -1.
func (sg *seg) prefix(s string, fold bool) int {
	if sg.u != nil {
		return sg.u.prefix(s, fold)
	}
	if fold {
		if hasPrefixLower(s, sg.lit) {
			return len(sg.lit)
		}
	} else if strings.HasPrefix(s, sg.lit) {
		return len(sg.lit)
	}
	return -1
}

// suffix matches the segment at the end of s and returns where the match
// starts, or -1.
func (sg *seg) suffix(s string, fold bool) int {
	if sg.u != nil {
		return sg.u.suffix(s, fold)
	}
	i := len(s) - len(sg.lit)
	if i < 0 {
		return -1
	}
	if fold {
		if hasPrefixLower(s[i:], sg.lit) {
			return i
		}
	} else if s[i:] == sg.lit {
		return i
	}
	return -1
}

// find returns the end of the earliest-ending occurrence of the segment in
// s, or -1.
func (sg *seg) find(s string, fold bool) int {
	if sg.u != nil {
		return sg.u.find(s, fold)
	}
	var i int
	switch {
	case len(sg.lit) > shortLit:
		i = kmpIndex(s, sg.lit, sg.fail, fold)
	case fold:
		i = indexLower(s, sg.lit)
	default:
		i = strings.Index(s, sg.lit)
	}
	if i < 0 {
		return -1
	}
	return i + len(sg.lit)
}

// indexLower returns the index of the first occurrence of lit in s lowered,
// or -1. It is brute force, O(len(s)·len(lit)): only for short lit.
func indexLower(s, lit string) int {
	c0 := lit[0]
	for i := 0; i+len(lit) <= len(s); i++ {
		if lowerTab[s[i]] == c0 && hasPrefixLower(s[i+1:], lit[1:]) {
			return i
		}
	}
	return -1
}

// kmpTable returns the KMP failure function of p: f[i] is the length of the
// longest proper border of p[:i+1].
func kmpTable(p string) []int32 {
	f := make([]int32, len(p))
	k := 0
	for i := 1; i < len(p); i++ {
		for k > 0 && p[i] != p[k] {
			k = int(f[k-1])
		}
		if p[i] == p[k] {
			k++
		}
		f[i] = int32(k)
	}
	return f
}

// kmpIndex returns the index of the first occurrence of p (not empty) in s,
// or -1, in O(len(s)+len(p)) time. With fold, s's bytes are lowered first.
func kmpIndex(s, p string, f []int32, fold bool) int {
	if len(p) > len(s) {
		return -1
	}
	k := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if fold {
			c = lowerTab[c]
		} else if k == 0 {
			// Nothing matched yet: jump to the next possible start.
			j := strings.IndexByte(s[i:], p[0])
			if j < 0 {
				return -1
			}
			i += j
			c = s[i]
		}
		for k > 0 && p[k] != c {
			k = int(f[k-1])
		}
		if p[k] == c {
			k++
			if k == len(p) {
				return i + 1 - len(p)
			}
		}
	}
	return -1
}

// useg is a segment matched character by character: it holds '?' or
// invalid UTF-8. Searching for it uses bit-parallel shift-and over the
// subject's characters: bit j of the state says the segment's first j+1
// characters match the characters just read.
type useg struct {
	toks  []token
	words int      // 64-bit words of state: ceil(len(toks)/64)
	ascii []uint64 // [c*words+w]: mask of positions that ASCII byte c matches
	any   []uint64 // positions of '?'
	// Non-ASCII (or invalid-byte) literal characters of the segment, by
	// text: >= 0 indexes masks (in words); < 0 is -1-index into rare.
	cls   map[string]int32
	masks []uint64
	rare  [][]int32 // sorted positions of a character that occurs fewer than words times
	// skip is the segment's first character when that is an ASCII literal,
	// else -1: a match can start only where it occurs.
	skip int16
}

// skipTo returns the index of the first byte of s at which a match of the
// segment could start (u.skip >= 0), or -1.
func (u *useg) skipTo(s string, fold bool) int {
	c := byte(u.skip)
	if !fold || c-'a' >= 26 {
		return strings.IndexByte(s, c)
	}
	for i := 0; i < len(s); i++ {
		if lowerTab[s[i]] == c {
			return i
		}
	}
	return -1
}

func newUseg(toks []token, search bool) *useg {
	u := &useg{toks: toks, skip: -1}
	if !search {
		return u
	}
	if t := toks[0]; t.kind == uLit && t.text[0] < utf8.RuneSelf {
		u.skip = int16(t.text[0])
	}
	words := (len(toks) + 63) / 64
	u.words = words
	u.ascii = make([]uint64, 128*words)
	u.any = make([]uint64, words)
	var other map[string][]int32
	var order []string
	for j, t := range toks {
		w, bit := j>>6, uint64(1)<<(j&63)
		switch {
		case t.kind == uAny:
			u.any[w] |= bit
		case t.text[0] < utf8.RuneSelf:
			u.ascii[int(t.text[0])*words+w] |= bit
		default:
			if other == nil {
				other = make(map[string][]int32)
			}
			if _, ok := other[t.text]; !ok {
				order = append(order, t.text)
			}
			other[t.text] = append(other[t.text], int32(j))
		}
	}
	for c := range 128 {
		for w := range words {
			u.ascii[c*words+w] |= u.any[w]
		}
	}
	if other != nil {
		u.cls = make(map[string]int32, len(other))
		for _, text := range order {
			pos := other[text]
			if len(pos) < words {
				// Set on the fly at O(words) cost; a table for every such
				// character could take O(len²) memory.
				u.cls[text] = -1 - int32(len(u.rare))
				u.rare = append(u.rare, pos)
				continue
			}
			u.cls[text] = int32(len(u.masks) / words)
			m := make([]uint64, words)
			copy(m, u.any)
			for _, j := range pos {
				m[j>>6] |= 1 << (j & 63)
			}
			u.masks = append(u.masks, m...)
		}
	}
	return u
}

// prefix matches the segment at the start of s and returns where the match
// ends, or -1.
func (u *useg) prefix(s string, fold bool) int {
	i := 0
	for j := range u.toks {
		if i >= len(s) {
			return -1
		}
		t := &u.toks[j]
		if c := s[i]; c < utf8.RuneSelf {
			if t.kind == uLit {
				if fold {
					c = lowerTab[c]
				}
				if len(t.text) != 1 || t.text[0] != c {
					return -1
				}
			}
			i++
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		if t.kind == uLit && s[i:i+w] != t.text {
			return -1
		}
		i += w
	}
	return i
}

// suffix matches the segment at the end of s and returns where the match
// starts, or -1. (Decoding backwards from a character boundary with
// utf8.DecodeLastRuneInString finds the same characters as a forward
// range loop does.)
func (u *useg) suffix(s string, fold bool) int {
	e := len(s)
	for j := len(u.toks) - 1; j >= 0; j-- {
		if e <= 0 {
			return -1
		}
		t := &u.toks[j]
		if c := s[e-1]; c < utf8.RuneSelf {
			if t.kind == uLit {
				if fold {
					c = lowerTab[c]
				}
				if len(t.text) != 1 || t.text[0] != c {
					return -1
				}
			}
			e--
			continue
		}
		_, w := utf8.DecodeLastRuneInString(s[:e])
		if t.kind == uLit && s[e-w:e] != t.text {
			return -1
		}
		e -= w
	}
	return e
}

// find returns the end of the earliest-ending occurrence of the segment in
// s, or -1.
func (u *useg) find(s string, fold bool) int {
	if u.words == 1 {
		return u.find1(s, fold)
	}
	return u.findN(s, fold)
}

// find1 is find for segments of at most 64 characters.
func (u *useg) find1(s string, fold bool) int {
	hi := uint64(1) << (len(u.toks) - 1)
	asc := u.ascii[:128]
	var d uint64
	for i := 0; i < len(s); {
		if d == 0 && u.skip >= 0 {
			// No partial match: jump to the next possible start.
			j := u.skipTo(s[i:], fold)
			if j < 0 {
				return -1
			}
			i += j
		}
		c := s[i]
		var m uint64
		if c < utf8.RuneSelf {
			if fold {
				c = lowerTab[c]
			}
			m = asc[c&0x7f]
			i++
		} else {
			_, w := utf8.DecodeRuneInString(s[i:])
			m = u.any[0]
			if x, ok := u.cls[s[i:i+w]]; ok {
				m = u.masks[x] // one word: every class has a mask
			}
			i += w
		}
		d = (d<<1 | 1) & m
		if d&hi != 0 {
			return i
		}
	}
	return -1
}

// findN is find for segments of more than 64 characters. It allocates its
// state only for segments of more than 512 characters.
func (u *useg) findN(s string, fold bool) int {
	words := u.words
	var buf [8]uint64
	var d []uint64
	if words <= len(buf) {
		d = buf[:words]
	} else {
		d = make([]uint64, words)
	}
	n := len(u.toks) - 1
	hw, hb := n>>6, uint64(1)<<(n&63)
	zero := true // d is all zero
	for i := 0; i < len(s); {
		if zero && u.skip >= 0 {
			j := u.skipTo(s[i:], fold)
			if j < 0 {
				return -1
			}
			i += j
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if fold {
				c = lowerTab[c]
			}
			k := int(c&0x7f) * words
			step(d, u.ascii[k:k+words])
			i++
		} else {
			_, w := utf8.DecodeRuneInString(s[i:])
			x, ok := u.cls[s[i:i+w]]
			switch {
			case !ok:
				step(d, u.any)
			case x >= 0:
				k := int(x) * words
				step(d, u.masks[k:k+words])
			default:
				u.stepRare(d, u.rare[-1-x])
			}
			i += w
		}
		if d[hw]&hb != 0 {
			return i
		}
		if u.skip >= 0 {
			zero = true
			for _, x := range d {
				if x != 0 {
					zero = false
					break
				}
			}
		}
	}
	return -1
}

// step advances the shift-and state d by one character whose mask is m.
func step(d, m []uint64) {
	m = m[:len(d)]
	carry := uint64(1)
	for w, x := range d {
		d[w] = (x<<1 | carry) & m[w]
		carry = x >> 63
	}
}

// stepRare is step for a character occurring at the sorted positions pos
// (and wherever the segment has '?').
func (u *useg) stepRare(d []uint64, pos []int32) {
	carry := uint64(1)
	k := 0
	for w, x := range d {
		m := u.any[w]
		for k < len(pos) && int(pos[k])>>6 == w {
			m |= 1 << (pos[k] & 63)
			k++
		}
		d[w] = (x<<1 | carry) & m
		carry = x >> 63
	}
}
