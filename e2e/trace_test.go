package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// manyStatements is a policy of n statements: the first allows
// s3:GetObject, the others actions the request does not make.
func manyStatements(n int) string {
	parts := []string{`{"Sid": "Main", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}`}
	for i := 1; i < n; i++ {
		parts = append(parts, fmt.Sprintf(`{"Sid": "Other%d", "Effect": "Allow", "Action": "ec2:Describe%d", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}`, i, i))
	}
	return "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    " + strings.Join(parts, ",\n    ") + "\n  ]\n}"
}

// The engine sends the statements the trace shows closed without their
// children (issue 11: collapsed statements cost nothing until opened).
// Opening one fetches them; they stay shown while the reader types, and
// "Expand all" shows every statement's elements and conditions.
func TestClosedStatementsOpenOnDemand(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", manyStatements(6), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	const folded = `(() => { let n = 0; const walk = (x) => { if (x.folded != null) n++; (x.children || []).forEach(walk); }; walk(window.iamplayPlay.report().trace); return n; })()`
	if n := eval[int](t, ctx, folded); n != 5 {
		t.Fatalf("%d statements folded in the answer, want the 5 that do not apply", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#trace li.k-statement").length`); n != 6 {
		t.Fatalf("%d statement rows, want 6", n)
	}
	// Open the first statement that does not apply.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#trace li.k-statement.r-no > .tn-row .tn-toggle`)))
	waitFor(t, ctx, `!!document.querySelector("#trace li.k-statement.r-no li.k-action")`)
	row := eval[string](t, ctx, `document.querySelector("#trace li.k-statement.r-no").textContent`)
	for _, want := range []string{"Statement Other1", "no pattern matches s3:GetObject", "Condition Bool aws:MultiFactorAuthPresent"} {
		if !strings.Contains(row, want) {
			t.Errorf("the opened statement shows %q, want %q in it", row, want)
		}
	}
	// Typing evaluates again: the opened statement keeps its details, read
	// from the new evaluation.
	typeAt(t, ctx, "Dev", `MultiFactorAuthPresent": "true"`, 26, 4, "false")
	waitFor(t, ctx, `document.querySelector("#trace li.k-statement.r-no").textContent.includes("policy “false”")`)
	// Expand all: every statement shows its action.
	do(t, ctx, chromedp.Click(chromedp.ID("expand-all")))
	waitFor(t, ctx, `document.querySelectorAll("#trace li.k-statement li.k-action").length === 6`)
}
