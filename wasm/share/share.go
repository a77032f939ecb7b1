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
	"io"
	"strings"
)

// Prefix starts every fragment of this version of the format.
const Prefix = "#v1."

// maxState bounds a decoded state, so a small link cannot expand into an
// enormous one.
const maxState = 4 << 20

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
// up to the "#" is ignored.
func Parse(fragment string) (State, error) {
	if i := strings.IndexByte(fragment, '#'); i > 0 {
		fragment = fragment[i:]
	}
	if !strings.HasPrefix(fragment, Prefix) {
		return State{}, ErrVersion
	}
	raw, err := base64.RawURLEncoding.DecodeString(fragment[len(Prefix):])
	if err != nil {
		return State{}, errors.Join(ErrEncoding, err)
	}
	r := flate.NewReader(bytes.NewReader(raw))
	js, err := io.ReadAll(io.LimitReader(r, maxState+1))
	if err != nil {
		return State{}, errors.Join(ErrTruncated, err)
	}
	if len(js) > maxState {
		return State{}, errors.Join(ErrContent, errors.New("the state is larger than 4 MiB"))
	}
	var s State
	if err := json.Unmarshal(js, &s); err != nil {
		return State{}, errors.Join(ErrContent, err)
	}
	if len(s.Input) == 0 || s.Input[0] != '{' {
		return State{}, ErrContent
	}
	return s, nil
}
