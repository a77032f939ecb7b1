package main

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// samplePath is the fixed-seed regression sample: cases from the
// differential test with their adjudicated expected decisions (the
// simulator's outside the adjudicated areas, the documented one inside).
const samplePath = "testdata/sample.jsonl"

// TestSample evaluates every sample case with the engine alone (no Node)
// and requires the adjudicated decision.
//
// DIFFTEST_SAMPLE names another sample file to check instead (a fresh one
// before it replaces the committed one).
func TestSample(t *testing.T) {
	path := samplePath
	if p := os.Getenv("DIFFTEST_SAMPLE"); p != "" {
		path = p
	}
	src, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skip(path + " is absent: write it with `go run ./tools/difftest -n 2000 -write-sample tools/difftest/testdata/sample.jsonl` once the engine agrees with the adjudicated decisions")
	}
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(src))
	sc.Buffer(nil, 1<<20)
	n, failed := 0, 0
	for line := 1; sc.Scan(); line++ {
		name := path + ":" + strconv.Itoa(line)
		in, errs := engine.ParseInput(name, sc.Bytes())
		if errs.HasErrors() {
			t.Errorf("%s: %v", name, errs)
			continue
		}
		if !in.HasExpect {
			t.Errorf("%s: no expected decision", name)
			continue
		}
		p, err := in.Prepare()
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		n++
		if got := engine.Evaluate(&in.Policies, p, engine.Options{}).Decision; got != in.Expect {
			failed++
			if failed <= 20 {
				t.Errorf("%s (%s): engine says %s, adjudicated decision is %s", name, in.Name, got, in.Expect)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if failed > 20 {
		t.Errorf("… %d cases in all differ from their adjudicated decision", failed)
	}
	if n < 1000 {
		t.Errorf("the sample has %d cases; it should have about 2,000", n)
	}
}
