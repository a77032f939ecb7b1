package engine

import (
	"strings"
	"testing"
)

// Hostile patterns and values are answered, not hung on: matching runs in
// linear time whatever the pattern (these complete in milliseconds; a
// backtracking matcher would not finish).
func TestAdversarialMatching(t *testing.T) {
	long := "arn:aws:s3:::securecart-logs/" + strings.Repeat("a", 100*1024)
	cases := []struct {
		name, pattern, action string
		want                  Decision
	}{
		{"1,000 stars against a 100 KB resource", "arn:aws:s3:::securecart-logs/" + strings.Repeat("*", 1000), "s3:GetObject", Allowed},
		{"star-separated segments that never finish matching", "arn:aws:s3:::securecart-logs/" + strings.Repeat("*a", 500) + "*b", "s3:GetObject", ImplicitDeny},
		{"question marks spanning the whole value", "arn:aws:s3:::securecart-logs/" + strings.Repeat("?", 100*1024), "s3:GetObject", Allowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := evalCase{principal: alice, action: c.action, resource: long,
				policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:*","Resource":"`+c.pattern+`"}`) + `]`}
			if res := runCase(t, ev); res.Decision != c.want {
				t.Fatalf("decision %v, want %v", res.Decision, c.want)
			}
		})
	}
}
