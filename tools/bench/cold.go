package main

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/e2e/browser"
)

// firstCallKey is where coldPhases puts the duration of the first engine
// call, the one figure it returns that is not a time since navigation.
const firstCallKey = "firstCallMs"

// coldName is the file name of a cold load's profile or trace: name with
// ".cold" before its extension.
func coldName(name string) string {
	return strings.TrimSuffix(name, filepath.Ext(name)) + ".cold" + filepath.Ext(name)
}

// coldPhases reads when each part of a cold load ended, in ms from
// navigation start.
const coldPhases = `(() => {
	const out = {};
	const nav = performance.getEntriesByType("navigation")[0];
	out["html"] = nav.responseEnd;
	out["DOMContentLoaded"] = nav.domContentLoadedEventEnd;
	for (const r of performance.getEntriesByType("resource")) {
		const name = r.name.split("/").pop().split("?")[0];
		if (["engine.wasm", "app.js", "scenarios.json", "boot.js", "play.css"].includes(name)) out[name + " loaded"] = r.responseEnd;
		if (["engine.wasm", "app.js", "scenarios.json"].includes(name)) out[name + " requested"] = r.fetchStart;
		if (name === "engine.wasm") out["engine.wasm first byte"] = r.responseStart;
	}
	for (const m of performance.getEntriesByType("mark")) {
		if (m.name.startsWith("iamplay:")) out[m.name.slice(8)] = m.startTime;
	}
	const first = window.iamplayPlay.perf.first;
	if (first) {
		out["first evaluation start"] = first.start;
		out["first evaluation answered"] = first.start + first.evaluate;
		out["firstCallMs"] = first.wasm; // firstCallKey
	}
	return out;
})()`

const waitReady = `document.body.dataset.ready === "true" && !!window.iamplayPlay.report()`

// coldSite is a site whose cold loads are timed, and what they measured.
type coldSite struct {
	url        string
	times      []float64
	firstCalls []float64
	firstKeys  []float64
	phases     map[string][]float64
}

// cold loads each site's playground runs times in fresh browser contexts,
// the sites taking turns (so that a machine busy with something else
// slows them alike, and none always comes second), and reads the time from navigation start to the first
// decision and to each step before it.
func cold(b *browser.Browser, runs int, urls []string, figs []*Figures) error {
	sites := make([]*coldSite, len(urls))
	for i, u := range urls {
		sites[i] = &coldSite{url: u, phases: map[string][]float64{}}
	}
	for i := range runs {
		for j := range sites {
			// Who goes first changes from run to run: a load right after
			// another was measured about 20 ms slower.
			s := sites[(i+j)%len(sites)]
			if err := s.load(b, i == runs-1 && s == sites[0]); err != nil {
				return err
			}
		}
	}
	for i, s := range sites {
		s.figures(figs[i])
	}
	return nil
}

// load times one cold load; the last load of the first site is profiled
// with -profile, from the site's root page (same origin, so the same
// renderer) to the first decision, or traced with -trace, from a blank tab.
func (s *coldSite) load(b *browser.Browser, last bool) error {
	tctx, cancel := b.Tab()
	defer cancel()
	ctx, cancel2 := withTimeout(tctx)
	defer cancel2()
	stop := func() error { return nil }
	var err error
	if profileOut != "" && last {
		if err = chromedp.Do(ctx, chromedp.Navigate(strings.TrimSuffix(s.url, "play/"))); err == nil {
			stop, err = startProfile(ctx, coldName(profileOut))
		}
	} else if traceOut != "" && last {
		// A trace covers every process: the new tab's renderer starting too.
		if err = chromedp.Do(ctx); err == nil {
			stop, err = startTrace(ctx, coldName(traceOut))
		}
	}
	if err == nil {
		err = chromedp.Do(ctx, chromedp.Navigate(s.url))
	}
	var ms float64
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Poll[bool](waitReady, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err == nil {
		ms, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.getEntriesByName("iamplay:first-decision")[0].startTime`))
	}
	var ph map[string]float64
	if err == nil {
		ph, err = chromedp.Run(ctx, chromedp.Evaluate[map[string]float64](coldPhases))
	}
	if err == nil {
		err = stop()
	}
	var key float64
	if err == nil {
		key, err = firstKey(ctx)
	}
	if err != nil {
		return err
	}
	s.firstKeys = append(s.firstKeys, key)
	for k, v := range ph {
		if k == firstCallKey {
			s.firstCalls = append(s.firstCalls, v)
		} else {
			s.phases[k] = append(s.phases[k], v)
		}
	}
	s.times = append(s.times, ms)
	if dumpCold {
		dumpPhases(s.url, ph)
	}
	return nil
}

// dumpCold is the -dump-cold flag.
var dumpCold bool

// dumpPhases prints one cold load's steps in the order they ended.
func dumpPhases(url string, ph map[string]float64) {
	names := slices.Collect(maps.Keys(ph))
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(ph[a], ph[b]) })
	var b strings.Builder
	for _, k := range names {
		if k != firstCallKey {
			fmt.Fprintf(&b, " %s %.0f,", k, ph[k])
		}
	}
	fmt.Fprintf(os.Stderr, "cold %s:%s first call %.0f ms\n", url, strings.TrimSuffix(b.String(), ","), ph[firstCallKey])
}

// figures puts the site's cold load figures in f.
func (s *coldSite) figures(f *Figures) {
	f.Runs = len(s.times)
	f.ColdP50, f.ColdP95 = percentile(s.times, 0.5), percentile(s.times, 0.95)
	f.ColdMin, f.ColdMax = slices.Min(s.times), slices.Max(s.times)
	f.FirstCallP50, f.FirstCallP95 = percentile(s.firstCalls, 0.5), percentile(s.firstCalls, 0.95)
	f.FirstKeyP50, f.FirstKeyP95 = percentile(s.firstKeys, 0.5), percentile(s.firstKeys, 0.95)
	if e := s.phases["engine-decision"]; len(e) > 0 {
		f.EngineP50, f.EngineP95 = percentile(e, 0.5), percentile(e, 0.95)
	}
	f.ColdPhases = map[string]float64{}
	for k, v := range s.phases {
		f.ColdPhases[k] = percentile(v, 0.5)
	}
}

// firstKey types one key into the first policy of a page just loaded, a
// second after it is ready (as a reader who has just arrived would), and
// returns the time from the key to its trace drawn: the editor's code runs
// for the first time on the page's first key.
func firstKey(ctx context.Context) (float64, error) {
	time.Sleep(time.Second)
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const p = window.iamplayPlay.model().policies[0];
		if (!p) return false;
		const sid = p.text.indexOf('"Sid"');
		const at = sid >= 0 ? p.text.indexOf('"', sid + 5) + 1 : p.text.indexOf("{") + 1;
		return window.iamplayPlay.focusPolicy(p.name, at);
	})()`))
	if err != nil || !ok {
		return 0, fmt.Errorf("cannot focus the first policy: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("k")); err != nil {
		return 0, err
	}
	const drawn = `window.iamplayPlay.perf.keys.length > 0 && window.iamplayPlay.perf.keys[0].painted > 0`
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](drawn, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		return 0, fmt.Errorf("the first key was not drawn: %w", err)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => { const k = window.iamplayPlay.perf.keys[0]; return k.rendered - k.key; })()`))
}
