package cond

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

// negations pairs each positive operator with its negated form.
var negations = map[Base]Base{
	StringEquals:           StringNotEquals,
	StringEqualsIgnoreCase: StringNotEqualsIgnoreCase,
	StringLike:             StringNotLike,
	NumericEquals:          NumericNotEquals,
	DateEquals:             DateNotEquals,
	IpAddress:              NotIpAddress,
	ArnEquals:              ArnNotEquals,
	ArnLike:                ArnNotLike,
}

// fuzzValues turns "a|$b|$!c" into policy values: "$x" is a template that
// expands to x, "$!x" one whose variable cannot be resolved. With parts,
// templates also give ExpandParts, the second half of the text literal.
func fuzzValues(policy string, parts bool) []Value {
	var vals []Value
	for _, s := range strings.Split(policy, "|") {
		v := Value{Text: s}
		if rest, ok := strings.CutPrefix(s, "$"); ok {
			resolved := !strings.HasPrefix(rest, "!")
			v.Expand = func(Context) (string, bool) {
				if !resolved {
					return "", false
				}
				return rest, true
			}
			if parts {
				v.ExpandParts = func(Context) ([]Part, bool) {
					if !resolved {
						return nil, false
					}
					m := len(rest) / 2
					return []Part{{Text: rest[:m]}, {Text: rest[m:], Literal: true}}, true
				}
			}
		}
		vals = append(vals, v)
	}
	return vals
}

func FuzzCond(f *testing.F) {
	seeds := []struct {
		op, policy, req string
		flags           uint8
	}{
		{"StringLike", "home/*|a?c", "home/x|abc", 0},
		{"ForAllValues:StringNotLike", "key1*", "key1:a|key2:b", 0},
		{"ForAnyValue:StringEqualsIfExists", "a|b", "", 1},
		{"StringNotEquals", "$alice|$!x", "alice", 4},
		{"StringEqualsIgnoreCase", "ÉTÉ", "été", 0},
		{"NumericLessThanEquals", "10|2.5", "9.99|11", 0},
		{"NumericNotEquals", "-0", "0", 0},
		{"DateGreaterThan", "2020-01-01T00:00:01Z", "2026-03-04T05:06:07.5+01:00", 0},
		{"DateEquals", "1767225600", "2026-01-01", 0},
		{"Bool", "true|$TRUE", "True", 4},
		{"BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA", 0},
		{"IpAddress", "203.0.113.0/24|2001:db8::/32", "2001:db8::1|::ffff:203.0.113.9", 0},
		{"NotIpAddressIfExists", "10.0.0.0/8", "10.1.2.3/16", 2},
		{"ArnLike", "arn:aws:iam::*:role/*|$arn:aws:iam::1:user/*", "arn:aws:iam::1:user/a:b", 4},
		{"ArnNotEquals", "*", "arn:aws:s3:::b", 0},
		{"Null", "true|false", "x", 0},
		{"stringequals", "a", "a", 200},
		{"NullIfExists", "true", "", 1},
	}
	for _, s := range seeds {
		f.Add(s.op, s.policy, s.req, s.flags)
	}
	f.Fuzz(func(t *testing.T, opName, policy, req string, flags uint8) {
		op, err := ParseOperator(opName)
		if err != nil {
			_ = err.Error()
			// Exercise a valid operator chosen by the flags instead.
			op = Operator{Base: Base(int(flags) % int(numBases))}
			if op.Base != Null {
				op.Set = Set(int(flags>>5) % 3)
				op.IfExists = flags&0x10 != 0
			}
			op.Name = op.String()
		} else if op.String() != opName {
			t.Fatalf("ParseOperator(%q).String() = %q", opName, op.String())
		}
		vals := fuzzValues(policy, flags&4 != 0)
		var reqs []string
		present := flags&1 == 0
		if present && flags&2 == 0 {
			reqs = strings.Split(req, "|")
		} else if present {
			reqs = []string{}
		}
		tst, verrs := Compile(op, vals)
		for _, e := range verrs {
			if e.Index < -1 || e.Index >= len(vals) {
				t.Fatalf("ValueError index %d out of range", e.Index)
			}
		}
		var ctx mapCtx
		got := tst.Eval(ctx, reqs, present)
		e := tst.Explain(ctx, "k", reqs, present)
		if e.Result != got {
			t.Fatalf("%s %q, request %q (present %v): Eval = %v, Explain.Result = %v (%s)", op, policy, reqs, present, got, e.Result, e.Note)
		}
		if len(e.PolicyValues) != len(vals) {
			t.Fatalf("PolicyValues has %d entries for %d values", len(e.PolicyValues), len(vals))
		}
		// A negated operator is the complement of its positive form for a
		// present key, when every value is valid and resolved.
		if neg, ok := negations[op.Base]; ok && op.Set == None && present && len(reqs) > 0 &&
			len(e.BadRequest) == 0 && len(e.BadPolicy) == 0 && len(e.Unresolved) == 0 {
			nt, _ := Compile(Operator{Base: neg, IfExists: op.IfExists}, vals)
			if nt.Eval(ctx, reqs, present) == got {
				t.Fatalf("%s and %s agree (%v) on %q / %q", op, neg, got, policy, reqs)
			}
		}
	})
}

// globRegexp is a reference for wildcard matching: '*' is .*, '?' is one
// character, everything else (and every literal byte) is quoted.
func globRegexp(p string, lit []bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`^(?s:`)
	for i, r := range p {
		wild := lit == nil || !lit[i]
		switch {
		case wild && r == '*':
			b.WriteString(`.*`)
		case wild && r == '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`)$`)
	return regexp.MustCompile(b.String())
}

func FuzzGlob(f *testing.F) {
	f.Add("home/*", "home/alice", uint64(0))
	f.Add("a*b*c", "aXbYbZc", uint64(0))
	f.Add("*?", "é", uint64(0))
	f.Add("x*??", "x€", uint64(0))
	f.Add("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaa", uint64(0))
	f.Add("t?.micro", "t2.micro", uint64(0))
	f.Add("a*?b", "a*xb", uint64(2))
	f.Add("**", "", uint64(0))
	f.Add("?", "", uint64(0))
	f.Fuzz(func(t *testing.T, p, s string, mask uint64) {
		got := globMatch(p, nil, s)
		if m := match.Compile(p).Match(s); m != got {
			t.Fatalf("pattern %q on %q: globMatch %v, match.Compile %v", p, s, got, m)
		}
		lit := make([]bool, len(p))
		var parts []Part
		for i := range lit {
			lit[i] = mask&(1<<(uint(i)%64)) != 0
			if n := len(parts); n > 0 && parts[n-1].Literal == lit[i] {
				parts[n-1].Text += p[i : i+1]
			} else {
				parts = append(parts, Part{Text: p[i : i+1], Literal: lit[i]})
			}
		}
		gotLit := globMatch([]byte(p), lit, s)
		if m := match.CompileParts(parts).Match(s); m != gotLit {
			t.Fatalf("pattern %q (literal mask %b) on %q: globMatch %v, match.CompileParts %v", p, mask, s, gotLit, m)
		}
		if !utf8.ValidString(p) || !utf8.ValidString(s) {
			return
		}
		if want := globRegexp(p, nil).MatchString(s); got != want {
			t.Fatalf("pattern %q on %q: got %v, regexp %v", p, s, got, want)
		}
		if want := globRegexp(p, lit).MatchString(s); gotLit != want {
			t.Fatalf("pattern %q (literal mask %b) on %q: got %v, regexp %v", p, mask, s, gotLit, want)
		}
	})
}

// FuzzARNText checks the per-request ARN matcher against match.ARNPattern
// for ARN-shaped request values.
func FuzzARNText(f *testing.F) {
	f.Add("arn:aws:iam::*:role/*", "arn:aws:iam::123456789012:role/a:b")
	f.Add("*", "arn:aws:s3:::bucket")
	f.Add("arn:aws:s3:*:bucket", "arn:aws:s3:::bucket")
	f.Add("arn:*:s?:::b*", "arn:aws:s3:::bucket/key")
	f.Fuzz(func(t *testing.T, p, s string) {
		f6, ok := splitARN(s)
		if !ok {
			return
		}
		got := matchARNText(p, nil, &f6)
		if want := match.CompileARN(p).Match(s); got != want {
			t.Fatalf("ARN pattern %q on %q: matchARNText %v, match.CompileARN %v", p, s, got, want)
		}
	})
}
