package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func TestZZTiming(t *testing.T) {
	for i := 0; i < 3; i++ {
		ctx := tab(t)
		open(t, ctx, site.URL+"/play/")
		waitFor(t, ctx, `!!window.iamplayPlay.report()`)
		time.Sleep(200 * time.Millisecond)
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({marks: performance.getEntriesByType("mark").map(m => [m.name, Math.round(m.startTime)]), res: performance.getEntriesByType("resource").map(r => [r.name.split("/").pop().split("?")[0], Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize]), nav: Math.round(performance.getEntriesByType("navigation")[0].responseEnd), dcl: Math.round(performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd)})`))
		if err != nil {
			t.Fatal(err)
		}
		t.Log(s)
	}
}
