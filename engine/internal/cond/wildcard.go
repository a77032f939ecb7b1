package cond

import (
	"strings"
	"unicode/utf8"
)

// Wildcards of StringLike and the ARN operators: "multi-character match
// wildcards (*) and single-character match wildcards (?) anywhere in the
// string". '?' matches one character (rune); matching is case-sensitive.
//
// Static values are compiled with package match. Values expanded per
// request are matched here, by globMatch, which needs no compilation and so
// no allocation; FuzzGlob checks that the two agree. globMatch can take
// len(pattern)*len(subject) steps, so past a limit an expansion is compiled
// with package match after all (see cmpDynamic).

// globMatch matches a pattern given as text, used for values expanded per
// request. lit, when non-nil, marks the bytes of pat that are literal (from
// a substituted variable or an escape such as ${*}). It is the iterative
// matcher that restarts only at the last '*', so it never backtracks
// exponentially.
func globMatch[P ~string | ~[]byte](pat P, lit []bool, s string) bool {
	px, sx := 0, 0
	nextPx, nextSx := 0, -1
	for px < len(pat) || sx < len(s) {
		if px < len(pat) {
			c := pat[px]
			wild := lit == nil || !lit[px]
			switch {
			case wild && c == '*':
				nextPx = px
				nextSx = len(s) + 1
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					nextSx = sx + n
				}
				px++
				continue
			case wild && c == '?':
				if sx < len(s) {
					_, n := utf8.DecodeRuneInString(s[sx:])
					px++
					sx += n
					continue
				}
			default:
				if sx < len(s) && s[sx] == c {
					px++
					sx++
					continue
				}
			}
		}
		if nextSx >= 0 && nextSx <= len(s) {
			px, sx = nextPx, nextSx
			continue
		}
		return false
	}
	return true
}

// splitARN splits an ARN into its six colon-separated components: "arn",
// partition, service, region, account and resource (which may itself hold
// colons).
func splitARN(s string) (f [6]string, ok bool) {
	for k := 0; k < 5; k++ {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			return f, false
		}
		f[k] = s[:i]
		s = s[i+1:]
	}
	f[5] = s
	return f, true
}

// matchARNText matches a policy ARN given as text (with lit as for
// globMatch) against the components of a request ARN, as match.ARNPattern
// does: "Each of the six colon-delimited components of the ARN is checked
// separately". A pattern with fewer than six components matches no ARN,
// except one made only of '*' wildcards, which matches every value.
func matchARNText[P ~string | ~[]byte](pat P, lit []bool, req *[6]string) bool {
	if countColons(pat) < 5 {
		return allStars(pat, lit)
	}
	start := 0
	k := 0
	for i := 0; i < len(pat) && k < 5; i++ {
		if pat[i] == ':' {
			var l []bool
			if lit != nil {
				l = lit[start:i]
			}
			if !globMatch(pat[start:i], l, req[k]) {
				return false
			}
			k++
			start = i + 1
		}
	}
	var l []bool
	if lit != nil {
		l = lit[start:]
	}
	return globMatch(pat[start:], l, req[5])
}

func countColons[P ~string | ~[]byte](pat P) int {
	n := 0
	for i := 0; i < len(pat); i++ {
		if pat[i] == ':' {
			n++
		}
	}
	return n
}

// allStars reports whether pat is one or more wildcard '*'.
func allStars[P ~string | ~[]byte](pat P, lit []bool) bool {
	for i := 0; i < len(pat); i++ {
		if pat[i] != '*' || lit != nil && lit[i] {
			return false
		}
	}
	return len(pat) > 0
}

// flatten joins expanded parts into buf, marking in lit which bytes are
// literal. It appends to the given slices, so callers can pass stack
// buffers.
func flatten(parts []Part, buf []byte, lit []bool) ([]byte, []bool) {
	for _, p := range parts {
		buf = append(buf, p.Text...)
		for range len(p.Text) {
			lit = append(lit, p.Literal)
		}
	}
	return buf, lit
}
