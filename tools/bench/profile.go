package main

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// profileOut is the -profile file; empty means no profiling. The typing is
// profiled into it, and the last cold load into the same name with
// ".cold" before the extension.
var profileOut string

// startProfile starts V8's sampling profiler when -profile is set, and
// returns the function that stops it, writes the profile and prints the
// functions with the most self time.
func startProfile(ctx context.Context, out string) (stop func() error, err error) {
	if out == "" {
		return func() error { return nil }, nil
	}
	call := func(f func(c context.Context, t *chromedp.Target) error) error {
		return chromedp.Do(ctx, chromedp.Func(f))
	}
	err = call(func(c context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(c, t, profiler.Enable, cdp.Empty{}); err != nil {
			return err
		}
		if _, err := cdp.Call(c, t, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100}); err != nil {
			return err
		}
		_, err := cdp.Call(c, t, profiler.Start, cdp.Empty{})
		return err
	})
	if err != nil {
		return nil, err
	}
	return func() error {
		var prof *profiler.Profile
		err := call(func(c context.Context, t *chromedp.Target) error {
			res, err := cdp.Call(c, t, profiler.Stop, cdp.Empty{})
			prof = res.Profile
			return err
		})
		if err != nil {
			return err
		}
		data, err := json.Marshal(prof)
		if err != nil {
			return err
		}
		if err := os.WriteFile(out, data, 0o644); err != nil {
			return err
		}
		printTop(prof, out, 25)
		return nil
	}, nil
}

// printTop prints the functions with the most self time in the profile.
func printTop(p *profiler.Profile, out string, n int) {
	if p == nil || len(p.Samples) == 0 {
		return
	}
	byID := map[int64]*profiler.ProfileNode{}
	for _, nd := range p.Nodes {
		byID[nd.ID] = nd
	}
	self := map[string]int64{} // µs
	var total int64
	for i, id := range p.Samples {
		if i >= len(p.TimeDeltas) {
			break
		}
		d := p.TimeDeltas[i]
		nd := byID[id]
		if nd == nil || nd.CallFrame == nil {
			continue
		}
		name := nd.CallFrame.FunctionName
		if name == "" {
			name = "(anonymous)"
		}
		name = fmt.Sprintf("%s %s:%d", name, baseName(nd.CallFrame.URL), nd.CallFrame.LineNumber+1)
		self[name] += d
		total += d
	}
	type row struct {
		name string
		us   int64
	}
	var rows []row
	for k, v := range self {
		rows = append(rows, row{k, v})
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Compare(b.us, a.us) })
	fmt.Fprintf(os.Stderr, "profile: %.0f ms sampled, written to %s; top self time:\n", float64(total)/1000, out)
	for i, r := range rows {
		if i == n {
			break
		}
		fmt.Fprintf(os.Stderr, "  %7.1f ms %5.1f%%  %s\n", float64(r.us)/1000, 100*float64(r.us)/float64(total), r.name)
	}
}

func baseName(u string) string {
	for i := len(u) - 1; i >= 0; i-- {
		if u[i] == '/' {
			return u[i+1:]
		}
	}
	return u
}
