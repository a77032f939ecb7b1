package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// The page runs every lint check (security warnings included, which the
// editors' underlines leave out) from the AWS dialog's "All checks" tab,
// and a finding leads to its place in the policy.
func TestAllChecksInThePage(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Wide", policyText("Allow", "*"), "s3:GetObject")}))
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	interopTab(t, ctx, "checks")
	do(t, ctx, chromedp.Click(chromedp.CSS("#interop-checks-run")))
	waitInterop(t, ctx, `!!document.querySelector("#interop-checks-out li.finding")`)
	codes := eval[string](t, ctx, `[...document.querySelectorAll("#interop-checks-out li.finding")].map((e) => e.dataset.code).join(" ")`)
	if !strings.Contains(codes, "security.") {
		t.Fatalf("no security warning among %q", codes)
	}
	do(t, ctx, chromedp.Click(chromedp.CSS(`#interop-checks-out li.finding[data-code^="security."] button`)))
	waitFor(t, ctx, `!document.querySelector("#interop-dialog[open]")`)
	if sel := eval[string](t, ctx, `(() => { return document.activeElement && document.activeElement.closest('article[data-policy="Wide"]') ? "in Wide" : "elsewhere: " + (document.activeElement || {}).tagName; })()`); sel != "in Wide" {
		t.Errorf("the finding did not lead to policy Wide (%s)", sel)
	}
}
