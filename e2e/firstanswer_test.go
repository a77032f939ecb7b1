package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// sameAsEngine evaluates the catalog's first input with the page's engine
// and reports whether its answer (but for "gen") is the build's first
// answer, compared as values.
const sameAsEngine = `(async () => {
	const url = document.querySelector("script[data-catalog]").dataset.catalog;
	const c = await (await fetch(url)).json();
	const out = JSON.parse(new TextDecoder().decode(window.iamplay.evaluatePage(new TextEncoder().encode(c.first.input))));
	delete out.gen;
	const canon = (v) => Array.isArray(v) ? "[" + v.map(canon).join(",") + "]"
		: v && typeof v === "object" ? "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}"
		: JSON.stringify(v);
	return canon(out) === canon(c.first.answer) && out.report.decision === window.iamplayPlay.report().decision;
})()`

// A cold load with nothing saved draws the answer the build computed for
// the first scenario's first request (site/first.mjs) before the engine
// runs: here engine.wasm is held back until the decision is on the page.
// The engine's answer that follows is the same. Any other input (here a
// link) waits for the engine.
func TestColdLoadDrawsTheBuildsAnswer(t *testing.T) {
	ctx := tab(t)
	held := make(chan fetch.RequestID, 4)
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			held <- e.RequestID
		}
	}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, chromedp.Func(func(c context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(c, tg, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*engine.wasm*"}}}); err != nil {
			return err
		}
		// Not chromedp.Navigate: it waits for the load event, which the
		// held engine.wasm (preloaded) holds back too.
		_, err := cdp.Call(c, tg, page.Navigate, page.NavigateParams{URL: site.URL + "/play/"})
		return err
	}))
	var id fetch.RequestID
	select {
	case id = <-held:
	case <-time.After(20 * time.Second):
		t.Fatal("the page never asked for engine.wasm")
	}
	waitFor(t, ctx, `!!window.iamplayPlay && !!window.iamplayPlay.report()`)
	if !eval[bool](t, ctx, `window.iamplayPlay.perf.firstFromBuild === true && typeof window.iamplay === "undefined"`) {
		t.Error("with nothing saved and the engine not there yet, the page did not draw the build's first answer")
	}
	if got, want := decision(t, ctx), catalog.Scenarios[0].Requests[0].Expect; got != want {
		t.Errorf("decision %q, want %q", got, want)
	}
	do(t, ctx, chromedp.Func(func(c context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(c, tg, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		return err
	}))
	waitFor(t, ctx, `performance.getEntriesByName("iamplay:engine-decision").length === 1 && document.body.dataset.ready === "true"`)
	if same, err := chromedp.Run(ctx, chromedp.Evaluate[bool](sameAsEngine, chromedp.EvalAwaitPromise)); err != nil || !same {
		t.Errorf("the build's first answer differs from the engine's answer to the same input (%v)", err)
	}

	ctx2 := tab(t)
	open(t, ctx2, link(t, share.State{Engine: engine.Version, Input: flatInput("Dev", policyText("Allow", "s3:Get*"), "s3:GetObject")}))
	waitFor(t, ctx2, `!!window.iamplayPlay.report()`)
	if eval[bool](t, ctx2, `window.iamplayPlay.perf.firstFromBuild === true`) {
		t.Error("a link's state was drawn from the build's first answer")
	}
	if got := decision(t, ctx2); got != "allowed" {
		t.Errorf("the link's decision %q, want allowed", got)
	}
}
