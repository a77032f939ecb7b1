package match

import (
	"strings"
	"testing"
)

var fuzzSeeds = [][2]string{
	{"", ""},
	{"*", ""},
	{"?", ""},
	{"s3:Get*", "s3:GetObject"},
	{"s3:get*", "S3:GETOBJECT"},
	{"*a*a*b", "aaaaab"},
	{"a*b*a", "aba"},
	{"ab*ba", "aba"},
	{"*?", "€"},
	{"caf?", "café"},
	{"*?é?*", "xéé\xffy"},
	{"\xe2\x82*", "€"},
	{"\xe2\x82?", "\xe2\x82\xac"},
	{"*\x82*", "€\x82"},
	{"*\xff?*", "\xff\xfe\xfd"},
	{"\u212a*", "k"},
	{"*K?", "x\u212ay"},
	{"*ſ*", "S"},
	{"ΣΑΣ", "σας"},
	{"k", "\u212a"},
	{"*k", "x\u212a"},
	{"ka*", "\u212aAx"},
	{"*ß", "xẞ"},
	{"ab", "A\xff"},
	{"*a?b?c*d", "zzaxbycyd"},
	{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b"},
	{"arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x"},
	{"*:*:*:*:*:*", "a:b:c:d:e:f:g"},
	{"a*", "a:b"},
	{"*?*?*", "ab"},
	{"?*?", "\xc3"},
	{"*\U0001F600?", "x\U0001F600\xf0\x9f"},
	{"**a**", "bab"},
	{"*aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"},
}

func FuzzMatch(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 200 || len(s) > 400 {
			return // keep the O(n·m) reference fast
		}
		p := Compile(pattern)
		if got, want := p.Match(s), refGlob(pattern, s); got != want {
			t.Errorf("Compile(%q).Match(%q) = %v, want %v", pattern, s, got, want)
		}
		if got, want := p.MatchFold(s), refGlobFold(pattern, s); got != want {
			t.Errorf("Compile(%q).MatchFold(%q) = %v, want %v", pattern, s, got, want)
		}
		if p.String() != pattern {
			t.Errorf("String() = %q", p.String())
		}
		// A pattern always matches its own text when it has no '?', and a
		// literal part of that text matches exactly itself.
		if !strings.Contains(pattern, "?") && !p.Match(pattern) {
			t.Errorf("Compile(%q) does not match its own text", pattern)
		}
		lit := CompileParts([]Part{{Text: pattern, Literal: true}})
		if got, want := lit.Match(s), pattern == s; got != want {
			t.Errorf("literal %q Match(%q) = %v", pattern, s, got)
		}
		if got, want := lit.MatchFold(s), refMatch(refParts([]Part{{Text: pattern, Literal: true}}), refChars(s), eqFold); got != want {
			t.Errorf("literal %q MatchFold(%q) = %v, want %v", pattern, s, got, want)
		}
	})
}

func FuzzARN(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	f.Add("arn:aws:ec2:*:123:instance/*", "arn:aws:ec2:us-east-1:123:instance/i-1")
	f.Add("arn:aws:logs:*:*:log-group:*", "arn:aws:logs:r:a:log-group:g:log-stream:s")
	f.Add("arn:?ws:s3:::", "arn:aws:s3:::")
	f.Add("**", "a:b:c:d:e:f")
	f.Fuzz(func(t *testing.T, pattern, v string) {
		if len(pattern) > 200 || len(v) > 400 {
			return
		}
		if got, want := CompileARN(pattern).Match(v), refARN(refPattern(pattern, nil), v); got != want {
			t.Errorf("CompileARN(%q).Match(%q) = %v, want %v", pattern, v, got, want)
		}
	})
}

// FuzzParts checks CompileParts and CompileARNParts against the reference,
// and that literal parts never act as wildcards: a pattern whose every part
// is literal matches exactly its own text.
func FuzzParts(f *testing.F) {
	f.Add("arn:aws:s3:::b/", "*", "/*", uint8(2), "arn:aws:s3:::b/*/x")
	f.Add("a?", "?*", "", uint8(2), "ab?*")
	f.Add("caf\xc3", "\xa9*", "?", uint8(2), "café*x")
	f.Add("*", "*", "*", uint8(7), "***")
	f.Add("x", ":", "*:*:*:*", uint8(2), "x:a:b:c:d:e")
	f.Fuzz(func(t *testing.T, a, b, c string, flags uint8, s string) {
		if len(a)+len(b)+len(c) > 200 || len(s) > 400 {
			return
		}
		parts := []Part{{a, flags&1 != 0}, {b, flags&2 != 0}, {c, flags&4 != 0}}
		ref := refParts(parts)
		p := CompileParts(parts)
		if got, want := p.Match(s), refMatch(ref, refChars(s), eqExact); got != want {
			t.Errorf("CompileParts(%#v).Match(%q) = %v, want %v", parts, s, got, want)
		}
		if got, want := p.MatchFold(s), refMatch(ref, refChars(s), eqFold); got != want {
			t.Errorf("CompileParts(%#v).MatchFold(%q) = %v, want %v", parts, s, got, want)
		}
		if got, want := CompileARNParts(parts).Match(s), refARN(ref, s); got != want {
			t.Errorf("CompileARNParts(%#v).Match(%q) = %v, want %v", parts, s, got, want)
		}
		if flags&7 == 7 {
			text := a + b + c
			if got := p.Match(s); got != (s == text) {
				t.Errorf("all-literal %q Match(%q) = %v", text, s, got)
			}
			if !p.Match(text) || p.HasWildcard() {
				t.Errorf("all-literal %q: Match(own text) = false or HasWildcard", text)
			}
		}
	})
}
