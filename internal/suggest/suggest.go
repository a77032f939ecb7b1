// Package suggest finds the name a person probably meant, for "did you
// mean …?" hints in error messages.
package suggest

import "strings"

// Distance is the Levenshtein edit distance between a and b, compared
// without regard to ASCII case. Names longer than 128 bytes are never close.
func Distance(a, b string) int {
	if len(a) > 128 || len(b) > 128 {
		return 1 << 20
	}
	a, b = strings.ToLower(a), strings.ToLower(b)
	var prev, cur [129]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Closest returns the known name that s differs from only in case, else the
// one within maxDist edits of s (the nearest, the first on a tie), else "".
func Closest(s string, known []string, maxDist int) string {
	for _, k := range known {
		if strings.EqualFold(k, s) {
			return k
		}
	}
	best, bestD := "", maxDist+1
	for _, k := range known {
		if d := Distance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}
