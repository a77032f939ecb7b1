package match

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		name        string
		pattern, s  string
		match, fold bool
	}{
		// IAM: without wildcards a value must equal the pattern.
		{"exact literal matches itself", "s3:GetObject", "s3:GetObject", true, true},
		{"exact literal rejects other text", "s3:GetObject", "s3:GetObjects", false, false},
		{"empty pattern matches only empty", "", "", true, true},
		{"empty pattern rejects text", "", "a", false, false},
		// IAM: actions are case-insensitive (MatchFold), resources are not (Match).
		{"action prefix is case-insensitive", "s3:get*", "S3:GetObject", false, true},
		{"action exact is case-insensitive", "iam:passrole", "IAM:PassRole", false, true},
		{"action suffix is case-insensitive", "*object", "s3:GetOBJECT", false, true},
		{"resource is case-sensitive", "arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/x", false, true},
		// IAM: '*' matches any run of characters, including none.
		{"star matches everything", "*", "anything at all", true, true},
		{"star matches empty", "*", "", true, true},
		{"stars collapse", "***", "x", true, true},
		{"prefix star matches empty rest", "s3:*", "s3:", true, true},
		{"star spans slash", "arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c", true, true},
		{"star spans colon", "a*z", "a:b:c:z", true, true},
		{"star in middle", "s3:*Object", "s3:PutObject", true, true},
		{"star in middle rejects wrong suffix", "s3:*Object", "s3:PutObjects", false, false},
		{"several stars", "*Get*Acl*", "s3:GetBucketAcl", true, true},
		{"several stars in order only", "*Acl*Get*", "s3:GetBucketAcl", false, false},
		{"prefix and suffix must not overlap", "ab*ba", "aba", false, false},
		{"prefix and suffix adjacent", "ab*ba", "abba", true, true},
		// IAM: '?' matches exactly one character.
		{"question matches one char", "file?.txt", "file1.txt", true, true},
		{"question needs a char", "file?.txt", "file.txt", false, false},
		{"question matches only one char", "file?.txt", "file12.txt", false, false},
		{"question matches a multi-byte rune", "caf?", "café", true, true},
		{"two questions do not match one rune", "caf??", "café", false, false},
		{"question matches slash", "a?b", "a/b", true, true},
		{"question and star", "*?", "", false, false},
		{"question and star nonempty", "*?", "x", true, true},
		{"questions in middle segment", "*a?c*", "xxabcxx", true, true},
		{"questions in middle segment no match", "*a?c*", "xxabdxx", false, false},
		{"questions in suffix", "*.?s", "main.js", true, true},
		{"questions in prefix", "?3:*", "s3:x", true, true},
		{"questions only", "???", "abc", true, true},
		{"questions only wrong length", "???", "abcd", false, false},
		{"question prefix with fold", "?3:GET*", "s3:getObject", false, true},
		// Unicode folding.
		{"fold non-ASCII", "ÄRGER*", "ärgerlich", false, true},
		{"fold Kelvin sign to k", "\u212aey", "key", false, true},
		{"fold k to Kelvin sign", "*key", "\u212aEY", false, true},
		{"fold long s", "*s*", "\u017f", false, true},
		{"no multi-char fold", "straße", "STRASSE", false, false},
		{"fold Greek sigma forms", "ΣΑΣ", "σας", false, true},
		// Invalid UTF-8: one byte is one character, never U+FFFD.
		{"invalid byte matches itself", "a\xffb", "a\xffb", true, true},
		{"invalid byte is one char for question", "a?b", "a\xffb", true, true},
		{"invalid byte is not U+FFFD", "a\uFFFDb", "a\xffb", false, false},
		{"truncated rune in pattern does not match full rune", "\xe2\x82*", "€", false, false},
		{"truncated rune then question", "\xe2\x82?", "€x", false, false},
		{"truncated rune then question matches bytes", "\xe2\x82?", "\xe2\x82x", true, true},
		{"continuation byte segment not inside a rune", "*\x82*", "€", false, false},
		{"continuation byte segment as own char", "*\x82*", "a\x82b", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compile(tt.pattern)
			if got := p.Match(tt.s); got != tt.match {
				t.Errorf("Compile(%q).Match(%q) = %v, want %v", tt.pattern, tt.s, got, tt.match)
			}
			if got := p.MatchFold(tt.s); got != tt.fold {
				t.Errorf("Compile(%q).MatchFold(%q) = %v, want %v", tt.pattern, tt.s, got, tt.fold)
			}
			if want := refGlob(tt.pattern, tt.s); want != tt.match {
				t.Errorf("reference disagrees with table on Match: %v", want)
			}
			if want := refGlobFold(tt.pattern, tt.s); want != tt.fold {
				t.Errorf("reference disagrees with table on MatchFold: %v", want)
			}
		})
	}
}

func TestStringAndHasWildcard(t *testing.T) {
	tests := []struct {
		name  string
		p     Pattern
		str   string
		wild  bool
		match string // a string it matches
	}{
		{"plain literal", Compile("s3:GetObject"), "s3:GetObject", false, "s3:GetObject"},
		{"star", Compile("s3:*"), "s3:*", true, "s3:x"},
		{"question", Compile("a?"), "a?", true, "ab"},
		{"zero pattern", Pattern{}, "", false, ""},
		{"literal parts render as escapes", CompileParts([]Part{
			{Text: "arn:aws:s3:::b/"}, {Text: "a*b?c$", Literal: true}, {Text: "/*"},
		}), "arn:aws:s3:::b/a${*}b${?}c${$}/*", true, "arn:aws:s3:::b/a*b?c$/x"},
		{"only literal parts have no wildcard", CompileParts([]Part{{Text: "*", Literal: true}}), "${*}", false, "*"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			if got := tt.p.HasWildcard(); got != tt.wild {
				t.Errorf("HasWildcard() = %v, want %v", got, tt.wild)
			}
			if !tt.p.Match(tt.match) || !tt.p.MatchFold(tt.match) {
				t.Errorf("does not match %q", tt.match)
			}
		})
	}
	var z Pattern
	if z.Match("a") || z.MatchFold("a") {
		t.Error("zero Pattern matches non-empty string")
	}
}

func TestCompileParts(t *testing.T) {
	tests := []struct {
		name  string
		parts []Part
		s     string
		want  bool
	}{
		// IAM: ${*}, ${?} and expanded variables are literal text.
		{"literal star is not a wildcard", []Part{{Text: "a"}, {Text: "*", Literal: true}}, "ab", false},
		{"literal star matches star", []Part{{Text: "a"}, {Text: "*", Literal: true}}, "a*", true},
		{"literal question is not a wildcard", []Part{{Text: "?", Literal: true}}, "x", false},
		{"wildcard next to literal", []Part{{Text: "home/"}, {Text: "bob*", Literal: true}, {Text: "/*"}}, "home/bob*/f", true},
		{"variable value with star cannot widen", []Part{{Text: "home/"}, {Text: "*", Literal: true}, {Text: "/*"}}, "home/alice/f", false},
		{"rune split across parts", []Part{{Text: "caf\xc3"}, {Text: "\xa9*", Literal: true}}, "café*", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompileParts(tt.parts).Match(tt.s); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.s, got, tt.want)
			}
			if want := refMatch(refParts(tt.parts), refChars(tt.s), eqExact); want != tt.want {
				t.Errorf("reference = %v", want)
			}
		})
	}
}

// Patterns longer than one 64-bit word of shift-and state, with '?', and
// non-ASCII characters both rare and frequent in the segment.
func TestLongQuestionSegments(t *testing.T) {
	mk := func(unit string, n int) string { return strings.Repeat(unit, n) }
	tests := []struct {
		pattern, s string
	}{
		{"*" + mk("a?", 40) + "b*", mk("a", 500) + mk("ax", 40) + "b" + mk("a", 10)},
		{"*" + mk("a?", 40) + "b*", mk("a", 500) + mk("ax", 39) + "b" + mk("a", 10)},
		{"*" + mk("é?", 300) + "b*", mk("é", 1000) + "b"},
		{"*" + mk("é?", 300) + "b*", mk("é", 601) + "b"},
		{"*" + mk("é?", 300) + "b*", mk("é", 598) + "b"},
		{"*x" + mk("?", 70) + "ü" + mk("?", 70) + "€*", mk("ü", 200) + "x" + mk("ü", 141) + "€"},
		{"*x" + mk("?", 70) + "ü" + mk("?", 70) + "€*", mk("ü", 200) + "x" + mk("ü", 140) + "€"},
		{"*\xff" + mk("?", 70) + "\xfe*", "ab\xff" + mk("\x80", 70) + "\xfe"},
		{"*" + mk("A?", 40) + "B*", mk("a", 500) + mk("ax", 40) + "b" + mk("a", 10)},
		{"*" + mk("?", 600) + "z*", mk("y", 700) + "z"},
		{"*" + mk("?", 600) + "z*", mk("y", 500) + "z"},
	}
	for i, tt := range tests {
		p := Compile(tt.pattern)
		if got, want := p.Match(tt.s), refGlob(tt.pattern, tt.s); got != want {
			t.Errorf("%d: Match = %v, want %v", i, got, want)
		}
		if got, want := p.MatchFold(tt.s), refGlobFold(tt.pattern, tt.s); got != want {
			t.Errorf("%d: MatchFold = %v, want %v", i, got, want)
		}
		if got, want := p.MatchFold(strings.ToUpper(tt.s)), refGlobFold(tt.pattern, strings.ToUpper(tt.s)); got != want {
			t.Errorf("%d: MatchFold(upper) = %v, want %v", i, got, want)
		}
	}
}

// Long literal middle segments take the KMP path.
func TestLongLiteralSegments(t *testing.T) {
	seg := strings.Repeat("ab", 30) + "c" // 61 bytes, > shortLit
	tests := []struct {
		pattern, s string
	}{
		{"*" + seg + "*", strings.Repeat("ab", 100) + "c"},
		{"*" + seg + "*", strings.Repeat("ab", 100) + "d"},
		{"x*" + seg + "*" + seg + "*y", "x" + strings.Repeat("ab", 40) + "c" + strings.Repeat("ab", 30) + "cy"},
		{"x*" + seg + "*" + seg + "*y", "x" + strings.Repeat("ab", 40) + "c" + strings.Repeat("ab", 29) + "cy"},
		{"*" + strings.ToUpper(seg) + "*", strings.Repeat("aB", 100) + "C"},
	}
	for i, tt := range tests {
		p := Compile(tt.pattern)
		if got, want := p.Match(tt.s), refGlob(tt.pattern, tt.s); got != want {
			t.Errorf("%d: Match = %v, want %v", i, got, want)
		}
		if got, want := p.MatchFold(tt.s), refGlobFold(tt.pattern, tt.s); got != want {
			t.Errorf("%d: MatchFold = %v, want %v", i, got, want)
		}
	}
}

// TestRandomAgainstReference compares with the reference on generated
// patterns long enough to need several words of shift-and state, over a small
// alphabet with case pairs, multi-byte runes and invalid bytes, and on
// subjects generated to match them (then possibly mutated).
func TestRandomAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	patChars := []string{"a", "b", "A", "é", "É", "\u212a", "k", "\xff", "\x80", ":", "?", "?", "*"}
	subChars := []string{"a", "b", "A", "B", "é", "É", "k", "K", "\u212a", "\xff", "\x80", ":", "\xe2\x82"}
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		var pb, sb strings.Builder
		for range rng.IntN(300) {
			c := pick(patChars)
			if c == "*" && rng.IntN(4) != 0 {
				c = "?" // keep segments long
			}
			pb.WriteString(c)
			switch c {
			case "*":
				for range rng.IntN(5) {
					sb.WriteString(pick(subChars))
				}
			case "?":
				sb.WriteString(pick(subChars))
			default:
				if rng.IntN(10) == 0 {
					sb.WriteString(strings.ToUpper(c))
				} else {
					sb.WriteString(c)
				}
			}
		}
		pat, s := pb.String(), sb.String()
		if rng.IntN(3) == 0 && len(s) > 0 {
			i := rng.IntN(len(s))
			s = s[:i] + pick(subChars) + s[i+1:]
		}
		p := Compile(pat)
		if got, want := p.Match(s), refGlob(pat, s); got != want {
			t.Fatalf("Compile(%q).Match(%q) = %v, want %v", pat, s, got, want)
		}
		if got, want := p.MatchFold(s), refGlobFold(pat, s); got != want {
			t.Fatalf("Compile(%q).MatchFold(%q) = %v, want %v", pat, s, got, want)
		}
	}
}
