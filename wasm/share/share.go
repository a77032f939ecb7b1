// Package share reads and writes playground share links, the URL fragments
// that hold a whole playground state (see site/SHARE.md):
//
//	/play/#v1.<base64url without padding of deflate-raw of UTF-8 JSON>
//
// with the JSON {"engine", "scenario", "request", "input"}. The browser
// makes them with CompressionStream("deflate-raw"); the tutorial generator
// makes the same links with Fragment, so a tutorial can open any of its
// examples in the playground.
package share

import (
	"bytes"
	"compress/flate"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Prefix starts every fragment of this version of the format.
const Prefix = "#v1."

// maxLink bounds the link's text: base64 of a compressed state is never
// much longer than the state, so a longer link is refused before decoding.
const maxLink = (MaxState*4+2)/3 + 1024

// State is what a link holds.
type State struct {
	// Engine is the engine version that made the link (engine.Version).
	Engine string `json:"engine"`
	// Scenario and Request name where the state came from; empty when the
	// state is not from a scenario.
	Scenario string `json:"scenario"`
	Request  string `json:"request"`
	// Input is the flat evaluation input (engine.ParseInput), with policies
	// as {"name", "document": "<policy JSON text>"}.
	Input json.RawMessage `json:"input"`
	// Goal, optional, makes the state an exercise: the requests the
	// playground checks on every edit with their required decisions, hints
	// and a solution (see site/SHARE.md). Pages that do not know it ignore
	// it, so a link with a goal still opens as a plain state.
	Goal json.RawMessage `json:"goal,omitempty"`
}

// Fragment returns the URL fragment, "#v1.…", for a state.
func Fragment(s State) (string, error) {
	if len(s.Input) == 0 {
		return "", errors.New("share: the state has no input")
	}
	js, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return "", err
	}
	if _, err := w.Write(js); err != nil {
		return "", err
	}
	if err := w.Close(); err != nil {
		return "", err
	}
	return Prefix + base64.RawURLEncoding.EncodeToString(buf.Bytes()), nil
}

// Errors that Parse wraps.
var (
	ErrVersion   = errors.New("not a version 1 share link")
	ErrEncoding  = errors.New("the link is not base64url")
	ErrTruncated = errors.New("the link is cut short or damaged")
	ErrContent   = errors.New("the link holds no playground state")
)

// Parse reads a fragment made by Fragment or by the browser. A leading URL
// up to the "#" is ignored. A state over the limits (MaxState and the
// counts in limits.go) is refused with an error wrapping ErrLimit, having
// inflated no more than MaxState+1 bytes.
func Parse(fragment string) (State, error) {
	if i := strings.IndexByte(fragment, '#'); i > 0 {
		fragment = fragment[i:]
	}
	if !strings.HasPrefix(fragment, Prefix) {
		return State{}, ErrVersion
	}
	if len(fragment) > maxLink {
		return State{}, fmt.Errorf("%w: the link is %d characters long; a playground link is at most %d", ErrLimit, len(fragment), maxLink)
	}
	raw, err := base64.RawURLEncoding.DecodeString(fragment[len(Prefix):])
	if err != nil {
		return State{}, errors.Join(ErrEncoding, err)
	}
	r := flate.NewReader(bytes.NewReader(raw))
	// Read at most one byte past the limit: a link that inflates to
	// gigabytes costs no more than MaxState.
	js, err := io.ReadAll(io.LimitReader(r, MaxState+1))
	if err != nil {
		return State{}, errors.Join(ErrTruncated, err)
	}
	if len(js) > MaxState {
		return State{}, fmt.Errorf("%w: the state is larger than %d MiB", ErrLimit, MaxState>>20)
	}
	var s State
	if err := json.Unmarshal(js, &s); err != nil {
		return State{}, errors.Join(ErrContent, err)
	}
	if len(s.Input) == 0 || s.Input[0] != '{' {
		return State{}, ErrContent
	}
	if err := checkLimits(s.Input); err != nil {
		return State{}, err
	}
	return s, nil
}
