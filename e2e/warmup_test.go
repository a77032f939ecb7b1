package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// Once the page is ready, site/src/warmup.js types a few keys into an
// editor nobody sees, so that the reader's first key does not wait for the
// editor's code to be compiled. It must leave nothing behind: the hidden
// editor gone, the focus where it was, no keystroke counted as the
// reader's, no policy and no saved work changed; and the reader's own first
// key is then evaluated as any other.
func TestEditorWarmUpLeavesNothingBehind(t *testing.T) {
	ctx := tab(t)
	open(t, ctx, site.URL+"/play/")
	before := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model().policies.map((p) => p.text))`)
	waitFor(t, ctx, `performance.getEntriesByName("iamplay:editors-warm").length === 1`)
	if typed := eval[int](t, ctx, `performance.getEntriesByName("iamplay:editors-warm")[0].detail`); typed != 4 {
		t.Errorf("the hidden editor took in %d of the 4 keys typed into it", typed)
	}
	for what, js := range map[string]string{
		"the hidden editor is gone":            `!document.querySelector("[data-warmup]") && document.querySelectorAll(".cm-editor").length === document.querySelectorAll(".policy-card .cm-editor").length`,
		"the focus is not in an editor":        `!document.activeElement || !document.activeElement.closest(".cm-editor")`,
		"no keystroke was counted":             `window.iamplayPlay.perf.keys.length === 0`,
		"nothing typed reached the saved work": `!Object.values(localStorage).some((v) => v.includes("Warm"))`,
	} {
		if !eval[bool](t, ctx, js) {
			t.Errorf("after the warm-up, %s is false", what)
		}
	}
	if after := eval[string](t, ctx, `JSON.stringify(window.iamplayPlay.model().policies.map((p) => p.text))`); after != before {
		t.Errorf("the warm-up changed the policies:\n%s\nwas\n%s", after, before)
	}
	if !eval[bool](t, ctx, `(() => {
		const p = window.iamplayPlay.model().policies[0];
		return window.iamplayPlay.focusPolicy(p.name, p.text.indexOf("{") + 1);
	})()`) {
		t.Fatal("cannot focus the first policy")
	}
	do(t, ctx, chromedp.KeyEvent(" "))
	waitFor(t, ctx, `window.iamplayPlay.perf.keys.length === 1 && window.iamplayPlay.model().policies[0].text.includes("{ ")`)
}
