//go:build !(js && wasm)

package engine

import (
	"runtime"
	"sync"
)

// bigLog is the number of events (64 KB) past which a log is
// recycled rather than left to the garbage collector. The browser module
// does without (biglog_wasm.go): the page reuses each trace's memory for
// the next (Options.Reuse), and the pool would make it 14 KB larger.
const bigLog = 4096

// bigLogs holds the logs of large traces that are no longer reachable.
// Without it, evaluating a policy of thousands of statements again and
// again allocates, zeroes and collects a log of a megabyte or more every
// time, and a statement costs twice what it does on a small policy
// (BenchmarkScale).
var bigLogs sync.Pool // of *[]event

// bigLogFor is an empty log of at least n events for t, taken from
// bigLogs when one there is large enough; it goes back there when t is
// collected.
func bigLogFor(t *Trace, n int) []event {
	var log []event
	if p, ok := bigLogs.Get().(*[]event); ok && cap(*p) >= n {
		log = (*p)[:0]
	} else {
		log = make([]event, 0, n)
	}
	runtime.AddCleanup(t, func(log []event) { bigLogs.Put(&log) }, log)
	return log
}
