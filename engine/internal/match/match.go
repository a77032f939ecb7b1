// Package match implements the wildcard and ARN matching that AWS IAM policy
// evaluation needs: the Action/NotAction element (wildcards, case-insensitive),
// the Resource/NotResource element and the ArnLike/ArnEquals condition
// operators (wildcards per ARN part, case-sensitive), and StringLike-style
// matching in general.
//
// A pattern is compiled once (Compile, CompileParts, CompileARN,
// CompileARNParts) and can then be matched any number of times, concurrently,
// from any goroutine: compiled patterns are immutable.
//
// # Wildcards
//
// '*' matches any run of characters, including none and including '/' and
// ':'. '?' matches exactly one character. Everything else matches itself.
// A "character" is what a Go range loop over the string yields: one rune of
// valid UTF-8, or one byte of invalid UTF-8. Invalid UTF-8 never panics; an
// invalid byte only ever matches the same byte (or '?' or '*'), never
// U+FFFD.
//
// # Cost
//
// Matching never backtracks and never uses package regexp. A pattern is split
// into segments at its runs of '*'. The first segment is matched at the
// start of the subject and the last at its end; each middle segment is then
// placed at its leftmost occurrence after the previous one, which is always
// correct for globs made of '*' and '?' (a '*' absorbs whatever is skipped).
// Literal segments are found with strings.Index when at most 32 bytes long
// (its worst case is bounded by the segment length), else with KMP; case
// folding on the fly uses a bounded brute force for short segments and KMP
// for long ones. Segments holding '?' or invalid UTF-8 are found with
// bit-parallel shift-and over characters (one 64-bit word per 64 characters
// of the segment), after skipping to their first character when it is an
// ASCII literal. A match therefore costs O(len(subject) + len(pattern))
// times a bounded factor: at most 32 for short literal segments, and the
// number of 64-bit words of the longest segment holding '?' (one, for
// segments of up to 64 characters). Typical patterns ("s3:Get*", an exact
// ARN, a bucket prefix) reduce to a string comparison, and no match
// allocates, except MatchFold on non-ASCII subjects (see there) and the
// search for a segment of more than 512 characters holding '?'.
package match

import "strings"

// Part is a piece of a pattern: wildcard text, or literal text (from an
// expanded policy variable or the escapes ${*} ${?} ${$}) in which '*' and
// '?' are plain characters.
type Part struct {
	// Text is the text of the piece.
	Text string
	// Literal makes '*' and '?' in Text plain characters instead of
	// wildcards.
	Literal bool
}

// Pattern is a compiled IAM wildcard pattern: '*' matches any run of
// characters (including none, and including '/' and ':'), '?' matches exactly
// one character (one rune). Everything else is literal.
//
// The zero Pattern is the same as Compile(""): it matches only the empty
// string. Patterns are immutable and safe for concurrent use.
type Pattern struct {
	src string
	c   *compiled
}

// compiled holds the two programs of a Pattern.
type compiled struct {
	exact prog  // for Match
	fold  *prog // for MatchFold: the pattern case-folded; may be &exact
	wild  bool  // has a '*' or '?' wildcard
}

// Compile compiles pattern, all of whose text is wildcard text: every '*' and
// '?' in it is a wildcard. It never fails; every string is a valid pattern.
// (Policy variables such as ${aws:username} are not interpreted here: expand
// them first and use CompileParts.)
func Compile(pattern string) Pattern {
	return Pattern{src: pattern, c: patterns.get(pattern, func() *compiled { return newCompiled(tokenize(pattern, nil)) })}
}

// CompileLower compiles strings.ToLower(pattern): the form in which action
// patterns are matched against lower-cased action names. Repeated calls with
// the same text share one compilation and do not allocate.
func CompileLower(pattern string) Pattern {
	c := lowerPatterns.get(pattern, func() *compiled { return newCompiled(tokenize(strings.ToLower(pattern), nil)) })
	return Pattern{src: pattern, c: c}
}

// CompileParts compiles a pattern made of pieces of wildcard text and of
// literal text, as produced by expanding the policy variables of a policy
// string. The pattern is the concatenation of the parts' Text, in which only
// the '*' and '?' of non-literal parts are wildcards.
//
// String of the result renders the parts back in policy syntax: a '*', '?'
// or '$' from a literal part is written as the escape ${*}, ${?} or ${$}.
func CompileParts(parts []Part) Pattern {
	text, lit := joinParts(parts)
	return Pattern{src: renderParts(parts), c: newCompiled(tokenize(text, lit))}
}

// Match reports whether s matches the whole pattern, case-sensitively (as
// IAM matches resources and ARNs). It does not allocate.
func (p Pattern) Match(s string) bool {
	if p.c == nil {
		return s == ""
	}
	return p.c.exact.match(s, false)
}

// MatchFold reports whether s matches the whole pattern ignoring case, as IAM
// matches action names: "s3:get*" matches "S3:GetObject".
//
// Characters are compared under Unicode simple case folding, the equivalence
// of strings.EqualFold: 'K' matches 'k' and the Kelvin sign U+212A, but 'ß'
// does not match "ss" (a multi-character folding). Invalid UTF-8 bytes match
// only themselves.
//
// It does not allocate when s is ASCII, which IAM action names are. For a
// subject holding non-ASCII characters that change under folding it makes
// one folded copy of s.
func (p Pattern) MatchFold(s string) bool {
	if p.c == nil {
		return s == ""
	}
	f := p.c.fold
	switch f.kind {
	case kAll:
		return true
	case kExact:
		if r := exactLower(s, f.lit); r != needFold {
			return r == yes
		}
		return f.match(foldString(s), false)
	case kPrefix:
		if r := prefixLower(s, f.lit); r != needFold {
			return r == yes
		}
		return f.match(foldString(s), false)
	case kSuffix:
		if r := suffixLower(s, f.lit); r != needFold {
			return r == yes
		}
		return f.match(foldString(s), false)
	}
	switch scanASCII(s) {
	case asciiLower:
		return f.match(s, false)
	case asciiUpper:
		// The matcher lowers each byte as it reads it.
		return f.match(s, true)
	}
	return f.match(foldString(s), false)
}

// String returns the source text of the pattern: the string given to
// Compile, or for CompileParts the parts joined back in policy syntax.
func (p Pattern) String() string { return p.src }

// HasWildcard reports whether the pattern holds a '*' or '?' wildcard, that
// is, whether it can match any string other than its own text.
func (p Pattern) HasWildcard() bool { return p.c != nil && p.c.wild }

func newCompiled(toks []token) *compiled {
	c := &compiled{exact: buildProg(toks)}
	for _, t := range toks {
		if t.kind != uLit {
			c.wild = true
			break
		}
	}
	if ft, changed := foldTokens(toks); changed {
		f := buildProg(ft)
		c.fold = &f
	} else {
		c.fold = &c.exact
	}
	return c
}

// joinParts concatenates the parts' text and marks which bytes came from
// literal parts (nil when none did).
func joinParts(parts []Part) (string, []bool) {
	n := 0
	anyLit := false
	for _, p := range parts {
		n += len(p.Text)
		anyLit = anyLit || p.Literal
	}
	var b strings.Builder
	b.Grow(n)
	var lit []bool
	if anyLit {
		lit = make([]bool, 0, n)
	}
	for _, p := range parts {
		b.WriteString(p.Text)
		if anyLit {
			for range len(p.Text) {
				lit = append(lit, p.Literal)
			}
		}
	}
	return b.String(), lit
}

// renderParts writes the parts in policy syntax, escaping the special
// characters of literal parts.
func renderParts(parts []Part) string {
	var b strings.Builder
	for _, p := range parts {
		if !p.Literal || !strings.ContainsAny(p.Text, "*?$") {
			b.WriteString(p.Text)
			continue
		}
		for i := 0; i < len(p.Text); i++ {
			switch c := p.Text[i]; c {
			case '*', '?', '$':
				b.WriteString("${")
				b.WriteByte(c)
				b.WriteByte('}')
			default:
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}
