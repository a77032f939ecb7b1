package match

import "strings"

// ARNPattern is a compiled ARN pattern, matched the way IAM matches the
// Resource and NotResource elements and the ArnLike and ArnEquals condition
// operators (which IAM treats alike: both take wildcards).
//
// Pattern and value are each split into the six ARN parts
// "arn:partition:service:region:account:resource" at their first five ':'
// (the resource part keeps any further ':' and '/'), and each part of the
// pattern is matched against the same part of the value on its own,
// case-sensitively, with the wildcards of Pattern. So a '*' in one of the
// first five parts never reaches across a ':' into the next part, while a
// '*' in the resource part spans ':' and '/'. Parts may be empty, as the
// region and account of an S3 ARN are; "*" matches an empty part. The
// first part is not required to be "arn": any string with five ':' has the
// shape of an ARN.
//
// Values and patterns that are not ARN-shaped (fewer than six parts):
//   - A pattern made only of '*' wildcards, such as "*", matches every
//     value, ARN or not.
//   - Otherwise a pattern with fewer than six parts matches only values that
//     also have fewer than six parts, by wildcard matching of the whole
//     string (so "*" aside, it never matches an ARN).
//   - A six-part pattern never matches a value with fewer than six parts.
//
// The zero ARNPattern is the same as CompileARN(""): it matches only the
// empty string. ARNPatterns are immutable and safe for concurrent use.
type ARNPattern struct {
	src string
	a   *arnProg
}

// ARN pattern kinds.
const (
	arnSix   uint8 = iota // six parts: match part by part
	arnAll                // only '*' wildcards: anything
	arnPlain              // fewer than six parts: whole non-ARN values
)

type arnProg struct {
	kind uint8
	// prefix is the literal leading parts of a six-part pattern, each with
	// its ':', and n how many parts it holds: a value whose first n parts
	// match starts with exactly this text.
	prefix string
	n      int
	parts  [6]prog // parts n..5 (arnSix), or the whole pattern in parts[0] (arnPlain)
}

// CompileARN compiles an ARN pattern, all of whose text is wildcard text.
// It never fails; see ARNPattern for how patterns that are not ARN-shaped
// behave.
func CompileARN(pattern string) ARNPattern {
	return ARNPattern{src: pattern, a: arnPatterns.get(pattern, func() *arnProg { return newARNProg(tokenize(pattern, nil)) })}
}

// CompileARNParts compiles an ARN pattern made of wildcard and literal parts,
// as CompileParts does. The pattern is split into its ARN parts after the
// parts are joined, at every ':', literal or not.
func CompileARNParts(parts []Part) ARNPattern {
	text, lit := joinParts(parts)
	return ARNPattern{src: renderParts(parts), a: newARNProg(tokenize(text, lit))}
}

// Match reports whether the value arn matches the pattern, part by part (see
// ARNPattern). It does not allocate.
func (p ARNPattern) Match(arn string) bool {
	a := p.a
	if a == nil {
		return arn == ""
	}
	switch a.kind {
	case arnAll:
		return true
	case arnPlain:
		return !isARN(arn) && a.parts[0].match(arn, false)
	}
	if !strings.HasPrefix(arn, a.prefix) {
		return false
	}
	rest := arn[len(a.prefix):]
	for i := a.n; i < 5; i++ {
		j := strings.IndexByte(rest, ':')
		if j < 0 || !a.parts[i].match(rest[:j], false) {
			return false
		}
		rest = rest[j+1:]
	}
	return a.parts[5].match(rest, false)
}

// String returns the source text of the pattern: the string given to
// CompileARN, or for CompileARNParts the parts joined back in policy syntax
// (as Pattern.String).
func (p ARNPattern) String() string { return p.src }

// isARN reports whether s has the six parts of an ARN (five ':').
func isARN(s string) bool {
	for range 5 {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return false
		}
		s = s[i+1:]
	}
	return true
}

func newARNProg(toks []token) *arnProg {
	a := &arnProg{}
	allStar := len(toks) > 0
	for _, t := range toks {
		if t.kind != uStar {
			allStar = false
			break
		}
	}
	if allStar {
		a.kind = arnAll
		return a
	}
	var parts [6][]token
	n, start := 0, 0
	for i, t := range toks {
		if n < 5 && t.kind == uLit && t.text == ":" {
			parts[n] = toks[start:i]
			n++
			start = i + 1
		}
	}
	if n < 5 {
		a.kind = arnPlain
		a.parts[0] = buildProg(toks)
		return a
	}
	parts[5] = toks[start:]
	a.kind = arnSix
	var b strings.Builder
	for a.n < 5 && allLit(parts[a.n]) {
		b.WriteString(concat(parts[a.n]))
		b.WriteByte(':')
		a.n++
	}
	a.prefix = b.String()
	for i := a.n; i < 6; i++ {
		a.parts[i] = buildProg(parts[i])
	}
	return a
}

// allLit reports whether toks has no wildcard. (Byte equality of such a
// part, invalid UTF-8 or not, is character equality.)
func allLit(toks []token) bool {
	for _, t := range toks {
		if t.kind != uLit {
			return false
		}
	}
	return true
}
