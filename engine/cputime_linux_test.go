//go:build linux

package engine

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// threadCPU is the CPU time the calling thread has used. On a busy shared
// machine a benchmark's wall time includes the time it waited for a core;
// its thread's CPU time does not, so the two together say how noisy a run
// was.
func threadCPU() time.Duration {
	var ru syscall.Rusage
	const rusageThread = 1 // RUSAGE_THREAD
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// cpuPerOp locks the benchmark to its thread and, when stopped, reports
// the thread's CPU time per operation as the metric cpu-ns/op.
func cpuPerOp(b *testing.B) (stop func()) {
	runtime.LockOSThread()
	start := threadCPU()
	return func() {
		used := threadCPU() - start
		runtime.UnlockOSThread()
		if b.N > 0 {
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}
