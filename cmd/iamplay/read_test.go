package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// newlines is an endless stream of "\n" that counts what was read from it.
type newlines struct{ read int64 }

func (n *newlines) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = '\n'
	}
	n.read += int64(len(p))
	return len(p), nil
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// bigFile writes a file of size newlines.
func bigFile(t *testing.T, name string, size int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, bytes.Repeat([]byte{'\n'}, size), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// A file over the limit is refused from its size: none of it is read.
func TestTooLargeFilesAreRefusedBeforeReading(t *testing.T) {
	const size = 3 * maxInput
	input := bigFile(t, "big.json", size)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"eval", []string{"eval", input}, fmt.Sprintf("%s: input is %d bytes; the largest accepted is %d", input, size, maxInput)},
		{"eval --scenario", []string{"eval", "--scenario", input, "--request", "x"}, fmt.Sprintf("%s: the file is %d bytes; the largest accepted is %d", input, size, maxScenario)},
		{"test", []string{"test", input}, fmt.Sprintf("%s: the file is %d bytes; the largest accepted is %d", input, size, maxScenario)},
		{"test DIR", []string{"test", filepath.Dir(input)}, fmt.Sprintf("%s: the file is %d bytes; the largest accepted is %d", input, size, maxScenario)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			var code int
			n := allocated(func() { code = run(tt.args, strings.NewReader(""), &out, &errb) })
			if code != 2 || !strings.Contains(errb.String(), tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errb.String(), tt.want)
			}
			if n > 1<<20 {
				t.Errorf("refusing a %d-byte file allocated %d bytes; it should not read it", size, n)
			}
		})
	}
}

// Standard input has no size: it is read up to the limit and no further.
func TestEndlessStdinIsRefusedAtTheLimit(t *testing.T) {
	in := &newlines{}
	var out, errb bytes.Buffer
	var code int
	n := allocated(func() { code = run([]string{"eval", "-"}, in, &out, &errb) })
	want := fmt.Sprintf("<stdin>: input is more than %d bytes; the largest accepted is %d", maxInput, maxInput)
	if code != 2 || !strings.Contains(errb.String(), want) {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, errb.String(), want)
	}
	if in.read > maxInput+1 {
		t.Errorf("read %d bytes of standard input; at most %d should be read", in.read, maxInput+1)
	}
	if n > 4*maxInput {
		t.Errorf("refusing standard input allocated %d bytes, more than 4× the %d-byte limit", n, maxInput)
	}
}

// At the limit exactly, the input reaches the engine (which finds it is
// not JSON, with a position).
func TestInputAtTheLimitIsRead(t *testing.T) {
	code, _, stderr := runCLI(t, strings.Repeat("\n", maxInput), "eval", "-")
	if code != 2 || strings.Contains(stderr, "largest accepted") || !strings.Contains(stderr, "<stdin>:") {
		t.Errorf("exit %d, stderr %q: want the engine's error about the content", code, stderr)
	}
}

func TestReadFileLimitedDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := readFileLimited(dir, "input", maxInput); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("reading a directory: %v", err)
	}
}
