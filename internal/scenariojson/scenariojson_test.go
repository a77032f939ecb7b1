package scenariojson_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/internal/scenariojson"
	"github.com/iamplayground/iamplay/scenarios"
)

func entry() scenarios.Entry {
	return scenarios.Entry{ID: "01-x", Title: "X", Requests: []scenarios.Request{
		{Name: "a", Expect: "allowed", Input: json.RawMessage(`{"name":"a"}`)},
		{Name: "b", Expect: "implicitDeny", Input: json.RawMessage(`{"name":"b"}`), Refused: true, NotSent: "no credentials"},
	}}
}

func TestFromEntry(t *testing.T) {
	sc, err := scenariojson.FromEntry(entry(), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(sc)
	want := `{"id":"01-x","title":"X","summary":"","explanation":"","tags":[],"requests":[` +
		`{"name":"a","description":"","expect":"allowed","input":{"name":"a"}},` +
		`{"name":"b","description":"","expect":"implicitDeny","input":{"name":"b"},"refused":true,"notSent":"no credentials"}]}`
	if string(b) != want {
		t.Errorf("JSON\n got %s\nwant %s", b, want)
	}
}

func TestFromEntryRewritesInputs(t *testing.T) {
	n := 0
	sc, err := scenariojson.FromEntry(entry(), func(in json.RawMessage) (json.RawMessage, error) {
		n++
		return json.RawMessage(`{"n":` + string(rune('0'+n)) + `}`), nil
	})
	if err != nil || string(sc.Requests[1].Input) != `{"n":2}` {
		t.Fatalf("%v, %s", err, sc.Requests[1].Input)
	}
	_, err = scenariojson.FromEntry(entry(), func(json.RawMessage) (json.RawMessage, error) { return nil, errors.New("bad") })
	if err == nil || !strings.Contains(err.Error(), "scenario 01-x, request a: bad") {
		t.Errorf("error %v", err)
	}
}
