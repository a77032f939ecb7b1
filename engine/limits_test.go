package engine

import (
	"strconv"
	"strings"
	"testing"
)

// An input over AWS's quotas (or the playground's bounds where AWS has
// none) is refused with the position of what is over, before evaluation.
func TestInputLimits(t *testing.T) {
	scp := func(n int) string { return strings.TrimSuffix(strings.Repeat(doc(allowAll)+",", n), ",") }
	levels := func(n int) string {
		return strings.TrimSuffix(strings.Repeat("["+doc(allowAll)+"],", n), ",")
	}
	ctx := func(n int) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(i) + `":"v"`)
		}
		return "{" + b.String() + "}"
	}
	stmts := func(n int) string {
		return `{"Version":"2012-10-17","Statement":[` + strings.TrimSuffix(strings.Repeat(allowGet+",", n), ",") + `]}`
	}
	cases := []struct {
		name, policies, context, at, msg string
	}{
		{"Organizations quotas: at most 5 OU levels, so 7 levels with the root and the account",
			`"scp":[` + levels(MaxLevels+1) + `]`, "", `[[`, "8 levels"},
		{"Organizations quotas: at most 5 SCPs attached to a node",
			`"scp":[[` + scp(MaxPoliciesPerLevel+1) + `]]`, "", `[{`, "AWS attaches at most 5"},
		{"at most 100 policies",
			`"identity":[` + strings.TrimSuffix(strings.Repeat(doc(allowGet)+",", MaxPolicies+1), ",") + `]`, "", `[{`, "101 policies"},
		{"at most 5,000 statements",
			`"identity":[` + stmts(2600) + `,` + stmts(2600) + `]`, "", `{"identity"`, "5200 statements"},
		{"at most 200 context keys", `"identity":[]`, ctx(MaxContextKeys + 1), `{"k0"`, "201 keys"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ec := evalCase{principal: alice, policies: c.policies, context: c.context}
			src := ec.input()
			_, errs := ParseInput("big.json", []byte(src))
			var found bool
			for _, e := range errs {
				if e.Code == "input.tooMany" && strings.Contains(e.Msg, c.msg) {
					found = true
					if want := strings.Index(src, c.at); e.Span.Start.Offset != want {
						t.Errorf("error at offset %d, want %d (%q)", e.Span.Start.Offset, want, c.at)
					}
				}
			}
			if !found {
				t.Fatalf("no input.tooMany error with %q: %v", c.msg, errs)
			}
		})
	}
	// At the limits, the input is accepted.
	ec := evalCase{principal: alice, policies: `"scp":[` + levels(MaxLevels) + `],"identity":[` + doc(allowGet) + `]`, context: ctx(MaxContextKeys - 20)}
	if _, errs := ParseInput("ok.json", []byte(ec.input())); errs.HasErrors() {
		t.Fatalf("an input at the limits is refused: %v", errs)
	}
}
