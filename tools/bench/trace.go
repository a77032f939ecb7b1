package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceOut is the -trace file; empty means no tracing. The typing is
// traced into it (chrome://tracing or DevTools' Performance panel open it).
var traceOut string

// traceCategories are the trace categories of DevTools' Performance panel
// that say what the page's main thread did: tasks, events, scripts, style,
// layout, paint, garbage collection.
var traceCategories = []string{
	"-*", "devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "blink.user_timing", "toplevel", "v8", "v8.wasm",
}

// startTrace starts a Chromium trace when -trace is set and returns the
// function that stops it, writes it and prints where the renderer's main
// thread spent its time.
func startTrace(ctx context.Context, out string) (stop func() error, err error) {
	if out == "" {
		return func() error { return nil }, nil
	}
	var mu sync.Mutex
	var events []json.RawMessage
	done := make(chan struct{})
	var once sync.Once
	err = chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *tracing.EventDataCollected:
			mu.Lock()
			for _, v := range e.Value {
				events = append(events, json.RawMessage(bytes.Clone(v)))
			}
			mu.Unlock()
		case *tracing.EventTracingComplete:
			once.Do(func() { close(done) })
		}
	})
	if err != nil {
		return nil, err
	}
	err = chromedp.Do(ctx, chromedp.Func(func(c context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(c, t, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		})
		return err
	}))
	if err != nil {
		return nil, err
	}
	return func() error {
		err := chromedp.Do(ctx, chromedp.Func(func(c context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(c, t, tracing.End, cdp.Empty{})
			return err
		}))
		if err != nil {
			return err
		}
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
		mu.Lock()
		defer mu.Unlock()
		data, err := json.Marshal(map[string]any{"traceEvents": events})
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		return summarizeTrace(events, out)
	}, nil
}

// traceEvent is the part of a trace event the summary reads.
type traceEvent struct {
	Name string  `json:"name"`
	Ph   string  `json:"ph"`
	Ts   float64 `json:"ts"`  // µs
	Dur  float64 `json:"dur"` // µs, for complete ("X") events
	Pid  int     `json:"pid"`
	Tid  int     `json:"tid"`
	Args struct {
		Name string `json:"name"` // thread_name metadata
		Data struct {
			Type         string `json:"type"`         // EventDispatch
			FunctionName string `json:"functionName"` // FunctionCall
			URL          string `json:"url"`
		} `json:"data"`
	} `json:"args"`
}

// label names an event for the summary: dispatched events by their type,
// script calls by their function.
func (e *traceEvent) label() string {
	switch {
	case e.Name == "EventDispatch" && e.Args.Data.Type != "":
		return "EventDispatch " + e.Args.Data.Type
	case e.Name == "FunctionCall" && e.Args.Data.FunctionName != "":
		return "FunctionCall " + e.Args.Data.FunctionName + " " + baseName(e.Args.Data.URL)
	}
	return e.Name
}

// summarizeTrace prints, for the busiest renderer main thread, the time
// spent in each kind of event: its own time (not in events inside it) and
// its whole time, over the traced period.
func summarizeTrace(raw []json.RawMessage, out string) error {
	var evs []traceEvent
	main := map[[2]int]bool{}
	for _, r := range raw {
		var e traceEvent
		if json.Unmarshal(r, &e) != nil {
			continue
		}
		if e.Ph == "M" && e.Name == "thread_name" && e.Args.Name == "CrRendererMain" {
			main[[2]int{e.Pid, e.Tid}] = true
		}
		if e.Ph == "X" || e.Ph == "B" || e.Ph == "E" {
			evs = append(evs, e)
		}
	}
	// The page's main thread is the one that was busiest.
	busy := map[[2]int]float64{}
	for _, e := range evs {
		if k := [2]int{e.Pid, e.Tid}; main[k] && e.Ph == "X" && e.Name == "RunTask" {
			busy[k] += e.Dur
		}
	}
	var thread [2]int
	for k, v := range busy {
		if v > busy[thread] {
			thread = k
		}
	}
	// B/E pairs become complete events.
	var spans []traceEvent
	var open []traceEvent
	for _, e := range evs {
		if [2]int{e.Pid, e.Tid} != thread {
			continue
		}
		switch e.Ph {
		case "X":
			spans = append(spans, e)
		case "B":
			open = append(open, e)
		case "E":
			if n := len(open); n > 0 {
				b := open[n-1]
				open = open[:n-1]
				b.Dur = e.Ts - b.Ts
				spans = append(spans, b)
			}
		}
	}
	slices.SortStableFunc(spans, func(a, b traceEvent) int {
		return cmp.Or(cmp.Compare(a.Ts, b.Ts), cmp.Compare(b.Dur, a.Dur))
	})
	self := map[string]float64{}
	total := map[string]float64{}
	count := map[string]int{}
	var stack []int // indexes into spans
	var busyTotal float64
	for i, e := range spans {
		for len(stack) > 0 && spans[stack[len(stack)-1]].Ts+spans[stack[len(stack)-1]].Dur <= e.Ts {
			stack = stack[:len(stack)-1]
		}
		l := e.label()
		if len(stack) > 0 {
			self[spans[stack[len(stack)-1]].label()] -= e.Dur
		} else {
			busyTotal += e.Dur
		}
		self[l] += e.Dur
		// An event inside one of the same name (a nested call) counts once.
		nested := false
		for _, j := range stack {
			nested = nested || spans[j].label() == l
		}
		if !nested {
			total[l] += e.Dur
		}
		count[l]++
		stack = append(stack, i)
	}
	names := make([]string, 0, len(self))
	for k := range self {
		names = append(names, k)
	}
	slices.SortFunc(names, func(a, b string) int { return cmp.Compare(self[b], self[a]) })
	fmt.Fprintf(os.Stderr, "trace: %d events, main thread busy %.0f ms, written to %s; by own time (whole time, count):\n", len(raw), busyTotal/1000, out)
	for i, k := range names {
		if i == 30 {
			break
		}
		fmt.Fprintf(os.Stderr, "  %7.1f ms (%7.1f ms, %5d)  %s\n", self[k]/1000, total[k]/1000, count[k], k)
	}
	return nil
}
