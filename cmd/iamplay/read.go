package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// Size limits of what the commands read, in bytes: the engine's own, which
// it checks only once the whole text is in memory. Checking them while
// reading keeps a huge file or an endless stream from costing more than
// the limit.
const (
	maxInput    = policy.MaxSize * 4 // engine.ParseInput's limit
	maxScenario = world.MaxSize      // world.Parse's limit
)

// tooLargeError is a file or stream larger than the command accepts.
type tooLargeError struct {
	name  string
	what  string // "input" or "the file"
	size  int64  // the size, or -1 when only "more than limit" is known
	limit int
}

func (e *tooLargeError) Error() string {
	if e.size < 0 {
		return fmt.Sprintf("%s: %s is more than %d bytes; the largest accepted is %d", e.name, e.what, e.limit, e.limit)
	}
	return fmt.Sprintf("%s: %s is %d bytes; the largest accepted is %d", e.name, e.what, e.size, e.limit)
}

// readLimited reads r to its end, refusing to hold more than limit bytes:
// it reads at most limit+1 bytes, whatever the stream's length.
func readLimited(r io.Reader, name, what string, limit int) ([]byte, error) {
	src, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(src) > limit {
		return nil, &tooLargeError{name: name, what: what, size: -1, limit: limit}
	}
	return src, nil
}

// readFileLimited reads a file of at most limit bytes. A regular file
// larger than that is refused from its size, before any of it is read;
// other files (pipes, devices) are read up to the limit.
func readFileLimited(path, what string, limit int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, errors.New(path + ": is a directory")
	}
	if st.Mode().IsRegular() && st.Size() > int64(limit) {
		return nil, &tooLargeError{name: path, what: what, size: st.Size(), limit: limit}
	}
	return readLimited(f, path, what, limit)
}
