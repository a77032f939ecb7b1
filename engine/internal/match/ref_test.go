package match

import (
	"strings"
	"unicode/utf8"
)

// A naive reference implementation: dynamic programming over characters, as
// simple as possible, written independently of the package's tokenizer.

// rtok is a pattern character: '*', '?' or 'L' (literal text).
type rtok struct {
	kind byte
	text string
}

// refChars splits s into characters as a range loop does.
func refChars(s string) []string {
	var out []string
	start := -1
	for i := range s {
		if start >= 0 {
			out = append(out, s[start:i])
		}
		start = i
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// refPattern turns pattern text into characters; lit marks bytes whose '*'
// and '?' are literal (nil: none).
func refPattern(text string, lit []bool) []rtok {
	var out []rtok
	off := 0
	for _, c := range refChars(text) {
		k := byte('L')
		if (c == "*" || c == "?") && (lit == nil || !lit[off]) {
			k = c[0]
		}
		out = append(out, rtok{k, c})
		off += len(c)
	}
	return out
}

func refInvalid(c string) bool { return len(c) == 1 && c[0] >= utf8.RuneSelf }

func eqExact(a, b string) bool { return a == b }

func eqFold(a, b string) bool {
	if refInvalid(a) || refInvalid(b) {
		return a == b
	}
	return strings.EqualFold(a, b)
}

// refMatch reports whether the characters s match pattern p, comparing
// literal characters with eq.
func refMatch(p []rtok, s []string, eq func(a, b string) bool) bool {
	n := len(s)
	dp := make([]bool, n+1) // dp[j]: the pattern so far matches s[:j]
	dp[0] = true
	for _, t := range p {
		nd := make([]bool, n+1)
		switch t.kind {
		case '*':
			acc := false
			for j := 0; j <= n; j++ {
				acc = acc || dp[j]
				nd[j] = acc
			}
		case '?':
			for j := 1; j <= n; j++ {
				nd[j] = dp[j-1]
			}
		default:
			for j := 1; j <= n; j++ {
				nd[j] = dp[j-1] && eq(t.text, s[j-1])
			}
		}
		dp = nd
	}
	return dp[n]
}

func refGlob(pattern, s string) bool {
	return refMatch(refPattern(pattern, nil), refChars(s), eqExact)
}

func refGlobFold(pattern, s string) bool {
	return refMatch(refPattern(pattern, nil), refChars(s), eqFold)
}

// refARN is the documented ARN rule, naively.
func refARN(p []rtok, v string) bool {
	all := len(p) > 0
	for _, t := range p {
		all = all && t.kind == '*'
	}
	if all {
		return true
	}
	var pp [][]rtok
	start := 0
	for i, t := range p {
		if len(pp) < 5 && t.text == ":" {
			pp = append(pp, p[start:i])
			start = i + 1
		}
	}
	pp = append(pp, p[start:])
	vp := strings.SplitN(v, ":", 6)
	if len(pp) < 6 || len(vp) < 6 {
		return len(pp) < 6 && len(vp) < 6 && refMatch(p, refChars(v), eqExact)
	}
	for i := range 6 {
		if !refMatch(pp[i], refChars(vp[i]), eqExact) {
			return false
		}
	}
	return true
}

// refParts joins parts as CompileParts does, for the reference.
func refParts(parts []Part) []rtok {
	var text strings.Builder
	var lit []bool
	for _, p := range parts {
		text.WriteString(p.Text)
		for range len(p.Text) {
			lit = append(lit, p.Literal)
		}
	}
	return refPattern(text.String(), lit)
}
