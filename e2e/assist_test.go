package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// The editor's help while typing (site/src/assist.js): the action catalog
// arrives as its own asset after the first decision; typing in an Action
// offers actions with their access level; a mistyped action is underlined
// with a "did you mean"; Format re-indents; long lines wrap.
func TestEditorHelpsWhileTyping(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:GetObject"), "s3:GetObject")}))
	waitFor(t, ctx, `window.iamplayPlay.report() && window.iamplayPlay.report().decision === "allowed"`)
	waitFor(t, ctx, `performance.getEntriesByType("resource").some((r) => /\/catalog\.json-[^/]*\.gz/.test(r.name))`)
	order := eval[[]float64](t, ctx, `(() => {
		const c = performance.getEntriesByType("resource").find((r) => /\/catalog\.json-[^/]*\.gz/.test(r.name));
		const first = performance.getEntriesByName("iamplay:first-decision")[0];
		return [first.startTime, c.fetchStart, c.transferSize];
	})()`)
	if order[1] < order[0] {
		t.Errorf("the catalog was requested at %.0f ms, before the first decision at %.0f ms", order[1], order[0])
	}
	waitFor(t, ctx, `!!document.querySelector('article[data-policy="Dev"] .cm-assist-panel')`)

	// Completion: replace "GetObject" with "GetObj" and ask.
	typeAt(t, ctx, "Dev", "s3:GetObject", 3, 9, "GetObj")
	start := eval[float64](t, ctx, `performance.now()`)
	waitFor(t, ctx, `[...document.querySelectorAll(".cm-tooltip-autocomplete li")].some((li) => li.textContent.includes("s3:GetObject") && li.textContent.includes("Read"))`)
	shown := eval[float64](t, ctx, `performance.now()`)
	t.Logf("completion list shown %.0f ms after typing (includes polling)", shown-start)
	do(t, ctx, chromedp.KeyEvent("\x1b")) // close the list (Escape)

	// A typo is underlined, with a did-you-mean on hover text.
	typeAt(t, ctx, "Dev", "s3:GetObj", 9, 0, "ects")
	waitFor(t, ctx, `[...document.querySelectorAll('article[data-policy="Dev"] .cm-assist-error')].some((e) => e.textContent.includes("s3:GetObjects"))`)
	code := eval[string](t, ctx, `document.querySelector('article[data-policy="Dev"] .cm-assist-error').dataset.code`)
	if code != "action.unknown" {
		t.Errorf("underline code %q, want action.unknown", code)
	}

	// Format keeps the text's tokens and re-indents.
	typeAt(t, ctx, "Dev", `"Resource": "*"`, 0, 0, "\n\n   ")
	do(t, ctx, chromedp.Click(chromedp.CSS(`article[data-policy="Dev"] .cm-assist-panel button`)))
	waitFor(t, ctx, `!window.iamplayPlay.model().policies.find((p) => p.name === "Dev").text.includes("\n\n")`)
	if !eval[bool](t, ctx, `!!document.querySelector('article[data-policy="Dev"] .cm-lineWrapping')`) {
		t.Error("the editor does not wrap lines")
	}
}
