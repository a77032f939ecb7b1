package match

import (
	"strings"
	"testing"
)

func TestFilter(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		arn        bool
		want       Verdict
	}{
		{"s3:get*", "s3:getobject", false, Yes}, // lead of 6 bytes then '*': decided
		{"s3:get*", "s3:putobject", false, No},
		{"s3:get*", "s3:ge", false, No}, // shorter than the lead
		{"s3:getobject", "s3:getobject", false, Maybe},
		{"s3:getobject", "s3:getobjectx", false, Maybe}, // a long exact lead only rejects by its tail
		{"s3:list", "s3:list", false, Yes},
		{"s3:list", "s3:lists", false, No},
		{"ec2:describe*", "s3:getobject", false, No},
		{"ec2:describe*", "ec2:describeinstances", false, Maybe},
		{"*", "anything", false, Yes},
		{"", "", false, Yes},
		{"", "x", false, No},
		{"ab*c", "abxc", false, Maybe}, // lead "ab", then more than '*'
		{"ab*c", "xbxc", false, No},
		{"a?c*", "xbcd", false, Maybe}, // a first segment holding '?' gives no lead
		{"*obj", "s3:getobj", false, Maybe},
		{"arn:aws:s3:::bucket-7/*", "arn:aws:s3:::other/key", true, No},
		{"arn:aws:s3:::bucket-7/*", "arn:aws:s3:::bucket-8/key", true, No},
		{"arn:aws:s3:::bucket-7/*", "arn:aws:s3:::bucket-7/key", true, Maybe},
		{"arn:aws:ec2:*:1:instance/*", "arn:aws:ec2:us-east-1:1:instance/i", true, Maybe},
		{"arn:aws:ec2:*:1:instance/*", "arn:aws:s3:::b", true, No},
		{"*", "arn:aws:s3:::b", true, Yes},
		{"**", "*", true, Yes},
		{"abc*", "abcd", true, Maybe}, // not an ARN pattern: the value must not be an ARN
	} {
		var f Filter
		if c.arn {
			f = CompileARN(c.pattern).Filter()
		} else {
			f = Compile(c.pattern).Filter()
		}
		if got := f.Test(c.s); got != c.want {
			t.Errorf("filter of %q (arn %v) on %q = %v, want %v", c.pattern, c.arn, c.s, got, c.want)
		}
	}
	if got := FilterAll(); got.Test("") != Yes || got.Test("x:y") != Yes {
		t.Error("FilterAll does not say Yes to everything")
	}
}

// FuzzFilter checks that a pattern's filter never contradicts the pattern:
// No only for subjects the pattern rejects, Yes only for those it matches.
// Besides the fuzzer's subject it tries the pattern's own text with its
// wildcards filled in, and that text cut and extended, which a random
// subject seldom comes close to.
func FuzzFilter(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s[0], s[1])
	}
	f.Add("arn:aws:s3:::bucket-1/*", "arn:aws:s3:::bucket-1/k")
	f.Add("arn:aws:s3:::b\xff*", "arn:aws:s3:::b\xffx")
	f.Add("abcdefgh*", "abcdefgh")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if len(pattern) > 200 || len(s) > 400 {
			return
		}
		filled := strings.NewReplacer("*", s, "?", "x").Replace(pattern)
		subjects := []string{s, filled, filled + s, filled[:len(filled)/2], strings.ToLower(filled)}
		pats := []struct {
			name  string
			f     Filter
			match func(string) bool
		}{
			{"Compile", Compile(pattern).Filter(), Compile(pattern).Match},
			{"CompileLower", CompileLower(pattern).Filter(), CompileLower(pattern).Match},
			{"CompileARN", CompileARN(pattern).Filter(), CompileARN(pattern).Match},
		}
		for _, p := range pats {
			for _, sub := range subjects {
				v, m := p.f.Test(sub), p.match(sub)
				if v == No && m || v == Yes && !m {
					t.Errorf("%s(%q): filter says %v of %q, Match says %v", p.name, pattern, v, sub, m)
				}
			}
		}
	})
}
