//go:build !linux

package engine

import "testing"

// cpuPerOp reports nothing where the thread's CPU time is not at hand.
func cpuPerOp(b *testing.B) (stop func()) { return func() {} }
