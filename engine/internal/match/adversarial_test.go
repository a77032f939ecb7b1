package match

import (
	"strings"
	"testing"
)

// Patterns that make backtracking matchers take exponential or quadratic
// time. These must all finish in well under a second; no timing is asserted.
func TestAdversarial(t *testing.T) {
	as := strings.Repeat("a", 100_000)
	es := strings.Repeat("é", 50_000)
	stars := strings.Repeat("*", 1000)
	manyA := strings.Repeat("*a", 300) // "*a*a*a...": 300 one-byte segments
	tests := []struct {
		name       string
		pattern, s string
		match      bool
	}{
		{"1000 stars vs 100KB", stars, as, true},
		{"1000 stars then b vs 100KB of a", stars + "b", as, false},
		{"1000 stars then a vs 100KB of a", stars + "a", as, true},
		{"stars between letters", strings.Repeat("a*", 1000) + "b", as, false},
		{"*a*a*...*b vs 100KB of a", manyA + "*b", as, false},
		{"*a*a*...*b* vs 100KB of a", manyA + "*b*", as, false},
		{"*a*a*...*a* vs 100KB of a", manyA + "*", as, true},
		{"*a*a*...*ab*a vs 100KB of a", manyA + "*ab*a", as, false},
		{"long literal segments", strings.Repeat("*"+strings.Repeat("a", 50)+"b", 20) + "*", as, false},
		{"near-miss short segment", "*" + strings.Repeat("a", 31) + "b*", as, false},
		{"question-heavy segment", "*" + strings.Repeat("a?", 32) + "b*", as, false},
		{"question-heavy segments", strings.Repeat("*a??a??", 100) + "*b*", as, false},
		{"long question segment", "*" + strings.Repeat("?a", 400) + "b*", as, false},
		{"very long question segment", "*" + strings.Repeat("?a", 2000) + "b*", as, false},
		{"questions only", "*" + strings.Repeat("?", 5000) + "*", as, true},
		{"questions only too many", strings.Repeat("?", 100_001), as, false},
		{"question suffix", "*" + strings.Repeat("?", 500) + "b", as, false},
		{"multi-byte subject", "*" + strings.Repeat("é?", 100) + "x*", es, false},
		{"multi-byte subject, many segments", strings.Repeat("*é", 300) + "*x", es, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Compile(tt.pattern)
			if got := p.Match(tt.s); got != tt.match {
				t.Errorf("Match = %v, want %v", got, tt.match)
			}
			if got := p.MatchFold(tt.s); got != tt.match {
				t.Errorf("MatchFold = %v, want %v", got, tt.match)
			}
			up := strings.ToUpper(tt.s)
			if got := p.MatchFold(up); got != tt.match {
				t.Errorf("MatchFold(upper) = %v, want %v", got, tt.match)
			}
			arn := "arn:aws:s3:::b/" + tt.s
			if got := CompileARN("arn:aws:s3:::b/" + tt.pattern).Match(arn); got != tt.match {
				t.Errorf("ARN Match = %v, want %v", got, tt.match)
			}
		})
	}
}
