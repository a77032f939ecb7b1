package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// The editor applies a typed character itself (cm.js, typing) rather than
// leaving the edit to the browser; typing must behave as it did: a bracket
// or quote gets its pair, typing over a selection replaces it, a run of
// typing is undone in one step, and every key is evaluated.
func TestTypingInThePolicyEditor(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:Get*"), "s3:GetObject")}))
	text := func() string { return eval[string](t, ctx, `window.iamplayPlay.model().policies[0].text`) }
	original := text()

	// A bracket typed over a selection wraps it; a quote typed before a
	// closing bracket gets its pair.
	typeAt(t, ctx, "Dev", `"s3:Get*"`, 0, len(`"s3:Get*"`), "[")
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"Action": ["s3:Get*"],')`)
	typeAt(t, ctx, "Dev", `"s3:Get*"]`, len(`"s3:Get*"`), 0, `, "`)
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"Action": ["s3:Get*", ""],')`)
	do(t, ctx, chromedp.KeyEvent("s3:List*"))
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"Action": ["s3:Get*", "s3:List*"],')`)
	if keys := eval[int](t, ctx, `window.iamplayPlay.perf.keys.length`); keys < 12 {
		t.Errorf("%d keystrokes evaluated, want one for each of the 12 keys typed", keys)
	}

	// Undo takes the typing back; the pairs went with it.
	for range 8 {
		if text() == original {
			break
		}
		do(t, ctx, chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	}
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text === `+jsString(original))

	// Typing over a selection replaces it, and the decision follows.
	typeAt(t, ctx, "Dev", `"Allow"`, 1, 5, "Deny")
	waitFor(t, ctx, `window.iamplayPlay.model().policies[0].text.includes('"Deny"') && window.iamplayPlay.report().decision === "explicitDeny"`)
}
