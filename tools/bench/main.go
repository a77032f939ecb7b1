// Command bench measures the browser playground and prints the figures:
//
//	go run ./tools/bench [-dist DIR] [-runs 10] [-keys 60] [-shots docs/screenshots]
//
// It reports the size of engine.wasm raw, gzipped (level 9) and with brotli
// (level 11), and of the page's JavaScript (app.js, and the chunks it loads
// after the first decision: CodeMirror and the editors' help); the time
// each part of a cold load ended; cold load to first decision on 127.0.0.1,
// from navigation start to the first decision drawn, in fresh browser
// contexts (p50, p95 and range of -runs loads: the build's answer to the
// first scenario, site/first.mjs), and to the engine's own first decision
// drawn after it; the first keystroke after each cold load, into the first
// scenario's first policy; and keystroke to trace rendered, typing into a
// policy of 100 statements, from the input event's time stamp to the end of
// drawing the new trace (p50, p95), and to the next animation frame.
//
// It measures the site in -dist (the directory holding play/), else
// $IAMPLAY_DIST, else a fresh build. With -compare DIR it measures the
// site in DIR too, the two taking turns, so that two builds can be told
// apart on a machine busy with other work. With -shots it also saves
// screenshots of the playground in light and dark themes. -dump-keys
// prints each keystroke and its steps, -profile a V8 CPU profile and
// -trace a Chromium trace of the typing and of the last cold load.
// Figures are reported, never asserted: they depend on the machine.
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/andybalholm/brotli"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/e2e/browser"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/benchinput"
	"github.com/iamplayground/iamplay/wasm/share"
)

func main() {
	dist := flag.String("dist", "", "built site holding play/ (default $IAMPLAY_DIST, else build one)")
	runs := flag.Int("runs", 10, "cold loads to time")
	keys := flag.Int("keys", 60, "keystrokes to time")
	shots := flag.String("shots", "", "directory to write playground-light.png and playground-dark.png to")
	asJSON := flag.Bool("json", false, "print the figures as JSON")
	flag.BoolVar(&dumpKeys, "dump-keys", false, "print each keystroke's time and its parts")
	flag.BoolVar(&dumpCold, "dump-cold", false, "print each cold load's steps in the order they ended")
	flag.StringVar(&profileOut, "profile", "", "write a CPU profile of the typing to this .cpuprofile file (DevTools) and print its top functions")
	flag.StringVar(&traceOut, "trace", "", "write a Chromium trace of the typing to this .json file (DevTools' Performance panel) and print where the main thread spent its time")
	flag.StringVar(&compare, "compare", "", "another built site holding play/ to measure too, taking turns with -dist's, and print side by side")
	flag.Parse()
	if err := run(*dist, *runs, *keys, *shots, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// dumpKeys is the -dump-keys flag.
var dumpKeys bool

// compare is the -compare flag: the site to compare with.
var compare string

// Figures are the measurements.
type Figures struct {
	WasmRaw, WasmGzip, WasmBrotli int
	JSRaw, JSGzip                 int                // app.js
	EditorJSRaw, EditorJSGzip     int                // the other chunks, loaded after the first decision
	ColdP50, ColdP95              float64            // ms
	ColdMin, ColdMax              float64            // ms
	ColdPhases                    map[string]float64 // ms from navigation start, p50 of each
	FirstCallP50, FirstCallP95    float64            // ms of the first engine call
	EngineP50, EngineP95          float64            // ms to the engine's own first decision drawn
	KeyP50, KeyP95, KeyMax        float64            // ms, key to trace drawn
	FirstKeyP50, FirstKeyP95      float64            // ms, the first key after a cold load to its trace drawn
	KeydownP50, KeydownP95        float64            // ms, from the keydown's time stamp to trace drawn
	FrameP50, FrameP95            float64            // ms, key to the next animation frame
	KeyWasmP50, KeyWasmP95        float64            // ms of each keystroke in the wasm call
	KeyDrawP50, KeyDrawP95        float64            // ms of each keystroke drawing the answer
	KeyEditorP50                  float64            // ms from the input event to the evaluation (the editor's own work)
	EvalMs                        float64            // the wasm call alone, p50
	Keys, Runs                    int
}

func run(dist string, runs, keys int, shots string, asJSON bool) error {
	if dist != "" {
		os.Setenv(browser.DistEnv, dist)
	}
	root, cleanup, err := browser.Site()
	if err != nil {
		return err
	}
	defer cleanup()
	roots := []string{root}
	if compare != "" {
		roots = append(roots, compare)
	}
	figs := make([]*Figures, len(roots))
	urls := make([]string, len(roots))
	for i, r := range roots {
		figs[i] = &Figures{}
		if err := sizes(filepath.Join(r, "play"), figs[i]); err != nil {
			return err
		}
	}
	f := figs[0]
	exec := browser.ExecPath()
	if exec == "" {
		return fmt.Errorf("chromium not found; sizes only: wasm %d raw, %d gzip, %d brotli", f.WasmRaw, f.WasmGzip, f.WasmBrotli)
	}
	for i, r := range roots {
		srv := browser.Serve(r)
		defer srv.Close()
		urls[i] = srv.URL + "/play/"
	}
	b, err := browser.Start(exec, 1280, 900)
	if err != nil {
		return err
	}
	defer b.Close()
	if err := cold(b, runs, urls, figs); err != nil {
		return fmt.Errorf("cold load: %w", err)
	}
	// Compared, each site types in two sessions of half the keys, in the
	// order A B B A: a session right after another was measured slower.
	order, n := []int{0}, keys
	if len(urls) > 1 {
		order, n = []int{0, 1, 1, 0}, keys/2
	}
	marks := make([][]keyMark, len(urls))
	for _, i := range order {
		m, err := keystrokes(b, urls[i], n, figs[i])
		if err != nil {
			return fmt.Errorf("keystrokes: %w", err)
		}
		marks[i] = append(marks[i], m...)
	}
	for i, m := range marks {
		keyFigures(m, figs[i])
	}
	srvURL := urls[0]
	if shots != "" {
		if err := screenshots(b, srvURL, shots); err != nil {
			return fmt.Errorf("screenshots: %w", err)
		}
	}
	if asJSON {
		var out []byte
		if compare != "" {
			out, _ = json.MarshalIndent(figs, "", "  ")
		} else {
			out, _ = json.MarshalIndent(f, "", "  ")
		}
		fmt.Println(string(out))
		return nil
	}
	for i, f := range figs {
		if len(figs) > 1 {
			fmt.Printf("== %s\n", roots[i])
		}
		printFigures(f)
	}
	if len(figs) > 1 {
		printPhases(figs)
	}
	return nil
}

// printFigures prints a site's figures.
func printFigures(f *Figures) {
	kb := func(n int) string { return fmt.Sprintf("%.0f KB", float64(n)/1000) }
	fmt.Printf("engine.wasm        %s raw, %s gzip, %s brotli (target ≤ 1000 KB gzip)\n", kb(f.WasmRaw), kb(f.WasmGzip), kb(f.WasmBrotli))
	fmt.Printf("app.js             %s raw, %s gzip; editor chunks (after the first decision) %s raw, %s gzip\n", kb(f.JSRaw), kb(f.JSGzip), kb(f.EditorJSRaw), kb(f.EditorJSGzip))
	fmt.Printf("cold load          p50 %.0f ms, p95 %.0f ms (min %.0f, max %.0f; %d fresh contexts; target p50 ≤ 400 ms)\n", f.ColdP50, f.ColdP95, f.ColdMin, f.ColdMax, f.Runs)
	if f.EngineP50 > 0 {
		fmt.Printf("engine's decision  p50 %.0f ms, p95 %.0f ms (its own first answer drawn, after the build's: what a load with saved work or a link waits for)\n", f.EngineP50, f.EngineP95)
	}
	if compare == "" {
		printPhases([]*Figures{f})
	}
	fmt.Printf("keystroke → trace  p50 %.1f ms, p95 %.1f ms, max %.1f ms (%d keys, 100-statement policy; target ≤ 16 ms)\n", f.KeyP50, f.KeyP95, f.KeyMax, f.Keys)
	fmt.Printf("first keystroke    p50 %.1f ms, p95 %.1f ms (one after each cold load, a second after it is ready, into its first policy)\n", f.FirstKeyP50, f.FirstKeyP95)
	fmt.Printf("keystroke → frame  p50 %.1f ms, p95 %.1f ms\n", f.FrameP50, f.FrameP95)
	fmt.Printf("keydown → trace    p50 %.1f ms, p95 %.1f ms (from the key press: with any wait before the page handles it)\n", f.KeydownP50, f.KeydownP95)
	fmt.Printf("  of which editor  p50 %.1f ms; wasm p50 %.1f ms, p95 %.1f ms; drawing p50 %.1f ms, p95 %.1f ms\n", f.KeyEditorP50, f.KeyWasmP50, f.KeyWasmP95, f.KeyDrawP50, f.KeyDrawP95)
	fmt.Printf("evaluate (wasm)    p50 %.2f ms per call\n", f.EvalMs)
}

// printPhases prints when each step of a cold load ended, one column per
// site, in the order of the first site's.
func printPhases(figs []*Figures) {
	var names []string
	for _, f := range figs {
		for k := range f.ColdPhases {
			if !slices.Contains(names, k) {
				names = append(names, k)
			}
		}
	}
	at := func(k string) float64 {
		if v, ok := figs[0].ColdPhases[k]; ok {
			return v
		}
		return figs[len(figs)-1].ColdPhases[k]
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(at(a), at(b)) })
	for _, k := range names {
		fmt.Printf("  %-26s p50", k)
		for _, f := range figs {
			if v, ok := f.ColdPhases[k]; ok {
				fmt.Printf(" %5.0f ms", v)
			} else {
				fmt.Printf("        –")
			}
		}
		fmt.Println()
	}
	fmt.Printf("  the first engine call took p50")
	for _, f := range figs {
		fmt.Printf(" %.0f ms (p95 %.0f)", f.FirstCallP50, f.FirstCallP95)
	}
	fmt.Println(" (it compiles the code it runs)")
}

func sizes(dir string, f *Figures) error {
	w, err := os.ReadFile(filepath.Join(dir, "engine.wasm"))
	if err != nil {
		return err
	}
	js, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		return err
	}
	// Every other script is loaded after the first decision: CodeMirror,
	// the editors' help and the warm-up, in the chunks esbuild splits them
	// into.
	chunks, _ := filepath.Glob(filepath.Join(dir, "*.js"))
	for _, c := range chunks {
		if name := filepath.Base(c); name == "app.js" || name == "boot.js" {
			continue
		}
		b, err := os.ReadFile(c)
		if err != nil {
			return err
		}
		n, err := gz(b)
		if err != nil {
			return err
		}
		f.EditorJSRaw += len(b)
		f.EditorJSGzip += n
	}
	if f.EditorJSRaw == 0 {
		return fmt.Errorf("%s: no editor chunks beside app.js", dir)
	}
	f.WasmRaw, f.JSRaw = len(w), len(js)
	if f.WasmGzip, err = gz(w); err != nil {
		return err
	}
	if f.JSGzip, err = gz(js); err != nil {
		return err
	}
	var br bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	if _, err := bw.Write(w); err != nil {
		return err
	}
	if err := bw.Close(); err != nil {
		return err
	}
	f.WasmBrotli = br.Len()
	return nil
}

func gz(b []byte) (int, error) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return 0, err
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return buf.Len(), nil
}

func percentile(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	i := int(p*float64(len(s)-1) + 0.5)
	return s[i]
}

func withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, 60*time.Second)
}

// keystrokes types n keys into a 100-statement policy and returns the
// page's marks of them (the time stamps of the key and of each step to the
// new trace drawn); it puts the time of the wasm call alone in f.
func keystrokes(b *browser.Browser, base string, n int, f *Figures) ([]keyMark, error) {
	input := benchinput.Input(100)
	frag, err := share.Fragment(share.State{Engine: engine.Version, Input: input})
	if err != nil {
		return nil, err
	}
	tctx, cancel := b.Tab()
	defer cancel()
	ctx, cancel2 := withTimeout(tctx)
	defer cancel2()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+frag)); err != nil {
		return nil, err
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](waitReady, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return nil, err
	}
	// The cursor goes inside the Sid of statement 50: typing letters keeps
	// the policy valid, so every keystroke is a full evaluation and trace.
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const p = window.iamplayPlay.model().policies[0];
		const i = p.text.indexOf('"Statement50"') + 10;
		return window.iamplayPlay.focusPolicy("`+benchinput.PolicyName+`", i);
	})()`))
	if err != nil || !ok {
		return nil, fmt.Errorf("cannot focus the policy: %v", err)
	}
	// A reader who has just put the cursor somewhere takes a moment before
	// typing; so does the benchmark, which lets the editor finish parsing
	// and highlighting the text now in view, as it does for a reader.
	time.Sleep(time.Second)
	stopProfile, err := startProfile(ctx, profileOut)
	if err != nil {
		return nil, err
	}
	stopTrace, err := startTrace(ctx, traceOut)
	if err != nil {
		return nil, err
	}
	for i := range n {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(string(rune('a'+i%26)))); err != nil {
			return nil, err
		}
		cond := fmt.Sprintf(`window.iamplayPlay.perf.keys.length >= %d && window.iamplayPlay.perf.keys[%d].painted > 0`, i+1, i)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
			return nil, fmt.Errorf("key %d was not drawn: %w", i, err)
		}
	}
	if err := stopTrace(); err != nil {
		return nil, err
	}
	if err := stopProfile(); err != nil {
		return nil, err
	}
	marks, err := chromedp.Run(ctx, chromedp.Evaluate[[]keyMark](`window.iamplayPlay.perf.keys`))
	if err != nil {
		return nil, err
	}
	dec, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.iamplayPlay.report().decision + " / " + document.querySelectorAll("#trace li").length + " trace items"`))
	if err != nil {
		return nil, err
	}
	if dumpKeys {
		parts := map[string][]float64{}
		for _, m := range marks {
			fmt.Fprintf(os.Stderr, "key %5.1f ms: editor %5.1f (to its change event %5.1f), wasm %5.1f, drawing %5.1f, rest %5.1f\n", m.Rendered-m.Key, m.Start-m.Key, m.Changed-m.Key, m.Wasm, m.Draw, m.Rendered-m.Key-(m.Start-m.Key)-m.Wasm-m.Draw)
			step := func(name string, ms float64) { parts[name] = append(parts[name], ms) }
			step("0 keydown → input event's time stamp", m.Key-m.Keydown)
			step("1 event time stamp → beforeinput handler", m.Beforeinput-m.Key)
			if m.Input > 0 {
				step("2 beforeinput → input (the browser's edit)", m.Input-m.Beforeinput)
				step("3 input → editor change", m.Changed-m.Input)
			} else {
				step("2 beforeinput → editor change (no browser edit)", m.Changed-m.Beforeinput)
			}
			step("4 editor change → evaluation", m.Start-m.Changed)
			step("5 evaluation (all)", m.Evaluate)
			step("6 drawing (all)", m.Draw)
			step("7 trace drawn → next frame", m.Painted-m.Rendered)
			for k, v := range m.Parts {
				step("  "+k, v)
			}
		}
		names := slices.Sorted(maps.Keys(parts))
		fmt.Fprintf(os.Stderr, "steps of a keystroke (ms):\n")
		for _, k := range names {
			fmt.Fprintf(os.Stderr, "  %-44s p50 %5.2f  p95 %5.2f  max %5.1f\n", k, percentile(parts[k], 0.5), percentile(parts[k], 0.95), slices.Max(parts[k]))
		}
	}
	// The wasm call alone, for comparison.
	f.EvalMs, err = chromedp.Run(ctx, chromedp.Evaluate[float64](evalAlone))
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "bench: typed %d keys; page shows %s\n", len(marks), dec)
	return marks, nil
}

// keyMark is what the page records of a keystroke (window.iamplayPlay.perf.keys).
type keyMark struct {
	Key, Rendered, Painted, Start, Evaluate, Wasm, Draw, Changed float64
	Keydown                                                      float64            // the keydown's time stamp
	Beforeinput, Input                                           float64            // performance.now() at those events
	Parts                                                        map[string]float64 // ms of each step of the evaluation and drawing
}

// keyFigures puts the keystroke figures of marks in f.
func keyFigures(marks []keyMark, f *Figures) {
	var drawn, fromKeydown, frames, wasm, draw, before []float64
	for _, m := range marks {
		drawn = append(drawn, m.Rendered-m.Key)
		fromKeydown = append(fromKeydown, m.Rendered-m.Keydown)
		frames = append(frames, m.Painted-m.Key)
		wasm = append(wasm, m.Wasm)
		before = append(before, m.Start-m.Key)
		draw = append(draw, m.Draw)
	}
	f.KeyWasmP50, f.KeyDrawP50 = percentile(wasm, 0.5), percentile(draw, 0.5)
	f.KeyEditorP50 = percentile(before, 0.5)
	f.KeyWasmP95, f.KeyDrawP95 = percentile(wasm, 0.95), percentile(draw, 0.95)
	f.Keys = len(drawn)
	f.KeyP50, f.KeyP95, f.KeyMax = percentile(drawn, 0.5), percentile(drawn, 0.95), slices.Max(drawn)
	f.KeydownP50, f.KeydownP95 = percentile(fromKeydown, 0.5), percentile(fromKeydown, 0.95)
	f.FrameP50, f.FrameP95 = percentile(frames, 0.5), percentile(frames, 0.95)
}

// evalAlone times the wasm call alone on the page's state: p50 of 30.
const evalAlone = `(() => {
		const p = window.iamplayPlay.model().policies[0];
		const m = window.iamplayPlay.model();
		const input = JSON.stringify({policies: {identity: [{name: p.name, document: p.text}]},
			request: {principal: m.req.principal, action: m.req.action, resource: m.req.resource}});
		const t = [];
		const bytes = new TextEncoder().encode(input);
		for (let i = 0; i < 30; i++) { const s = performance.now(); window.iamplay.evaluateBytes(bytes); t.push(performance.now() - s); }
		t.sort((a, b) => a - b);
		return t[15];
	})()`

// screenshots saves the first scenario in the light and the dark theme,
// the dark one chosen through the system preference.
func screenshots(b *browser.Browser, url, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, theme := range []string{"light", "dark"} {
		tctx, cancel := b.Tab()
		ctx, cancel2 := withTimeout(tctx)
		err := chromedp.Do(ctx,
			chromedp.EmulateViewport(1280, 860),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: theme}},
				})
				return err
			}),
			chromedp.Navigate(url),
		)
		if err == nil {
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](waitReady, chromedp.WithPollingTimeout(30*time.Second)))
		}
		var png []byte
		if err == nil {
			time.Sleep(300 * time.Millisecond) // let fonts and the editor settle
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		cancel2()
		cancel()
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "playground-"+theme+".png"), png, 0o644); err != nil {
			return err
		}
	}
	return nil
}
