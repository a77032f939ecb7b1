//go:build !(js && wasm)

package engine

import (
	"bytes"
	"runtime"
	"testing"
	"time"
)

// A large trace's log goes back to bigLogs when the trace is collected,
// and a trace that takes it again reports the same as a fresh one.
func TestBigLogIsRecycled(t *testing.T) {
	// One P: a sync.Pool keeps a value put on one P where another P's
	// Get may not see it, and the cleanup that puts the log back runs on
	// a goroutine of its own.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	pols := scalePolicies(t, 2000, "arn:aws:s3:::bucket-")
	req := scaleRequest(t, "arn:aws:s3:::bucket-7/k", "team-7")
	report := func() []byte {
		r := Evaluate(pols, req, Options{Trace: true}).Report()
		return r.AppendJSON(nil)
	}
	first := report()
	var back *[]event
	for deadline := time.Now().Add(5 * time.Second); back == nil && time.Now().Before(deadline); {
		runtime.GC()
		time.Sleep(time.Millisecond)
		back, _ = bigLogs.Get().(*[]event)
	}
	if back == nil {
		t.Fatal("the log of a collected 2,000-statement trace did not come back to bigLogs")
	}
	if cap(*back) <= bigLog {
		t.Errorf("a log of %d events was recycled; only logs over %d are", cap(*back), bigLog)
	}
	// Dirty it, as a used log is, and hand it out again.
	*back = (*back)[:cap(*back)]
	for i := range *back {
		(*back)[i] = event{head: head{kind: evCondition}, x: -5, pol: 99, stmt: 1 << 20}
	}
	bigLogs.Put(back)
	if again := report(); !bytes.Equal(first, again) {
		t.Error("a trace on a recycled log reports otherwise than a fresh one")
	}
}
