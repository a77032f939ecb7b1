//go:build js && wasm

package engine

// bigLog is the number of events past which biglog.go recycles a log
// natively; the browser module reuses each trace's memory instead
// (Options.Reuse).
const bigLog = 4096

// bigLogFor is an empty log of at least n events.
func bigLogFor(_ *Trace, n int) []event { return make([]event, 0, n) }
