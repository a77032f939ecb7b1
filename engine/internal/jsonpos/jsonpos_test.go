package jsonpos

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestParseOffsets(t *testing.T) {
	src := `{"a": [1, "x\ny", true, null], "b": {"c": -1.5e3}}`
	v, err := Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	a := v.Get("a")
	if a.Kind != Array || len(a.Items) != 4 || src[a.Start:a.End] != `[1, "x\ny", true, null]` {
		t.Fatalf("a = %+v", a)
	}
	if s := a.Items[1]; s.Text != "x\ny" || src[s.Start:s.End] != `"x\ny"` {
		t.Errorf("string item = %+v", s)
	}
	m := v.Members[1]
	if src[m.KeyStart:m.KeyEnd] != `"b"` || m.Value.Get("c").Text != "-1.5e3" {
		t.Errorf("member b = %+v", m)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		src    string
		offset int
		code   string
	}{
		{`{"a" 1}`, 5, "json.syntax"},
		{`{"a": 1,}`, 7, "json.syntax"},
		{`[1 2]`, 3, "json.syntax"},
		{`"abc`, 0, "json.syntax"},
		{`{"a": 01}`, 6, "json.syntax"},
		{`{"a": 1} x`, 9, "json.syntax"},
		{"\"\xff\"", 1, "json.utf8"},
		{`{"a":1,"a":2}`, 7, "json.duplicateKey"},
		{`{"k1":1,"k2":1,"k3":1,"k4":1,"k5":1,"k6":1,"k7":1,"k8":1,"k9":1,"k2":1}`, 64, "json.duplicateKey"},
		{strings.Repeat("[", MaxDepth+1), MaxDepth, "json.depth"},
		{``, 0, "json.syntax"},
		{`"a\x"`, 2, "json.syntax"},
	}
	for _, c := range cases {
		_, err := Parse([]byte(c.src))
		if err == nil || err.Offset != c.offset || err.Code != c.code {
			t.Errorf("Parse(%q) = %+v, want offset %d code %s", c.src, err, c.offset, c.code)
		}
	}
}

// toAny converts a parsed value to what encoding/json produces, to compare
// the two parsers.
func toAny(v *Value) any {
	switch v.Kind {
	case Null:
		return nil
	case Bool:
		return v.Text == "true"
	case Number:
		return json.Number(v.Text)
	case String:
		return v.Text
	case Array:
		out := []any{}
		for _, it := range v.Items {
			out = append(out, toAny(it))
		}
		return out
	}
	out := map[string]any{}
	for _, m := range v.Members {
		out[m.Key] = toAny(m.Value)
	}
	return out
}

// FuzzParse compares the parser with encoding/json: what one accepts the
// other must accept with the same content (except duplicate keys, which this
// parser rejects on purpose, and nesting beyond MaxDepth), and offsets stay
// in range.
func FuzzParse(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":[1,2,{"b":null}]}`, `"\u00e9\ud83d\ude00"`, `-0.5e-3`, `{"a":1,"a":2}`, "\"\xff\"", `[[[[]]]]`, `"a\"b\\c\/d\b\f\n\r\t"`, `"é\n{\"x\": \"ü\"}"`, `"é"`, "\"é\xff\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v, err := Parse([]byte(src))
		dec := json.NewDecoder(strings.NewReader(src))
		dec.UseNumber()
		var want any
		var stdErr error = errFake
		if json.Valid([]byte(src)) {
			stdErr = dec.Decode(&want)
		}
		if err != nil {
			if err.Offset < 0 || err.Offset > len(src) {
				t.Fatalf("offset %d out of range", err.Offset)
			}
			if stdErr == nil && err.Code != "json.duplicateKey" && err.Code != "json.depth" && err.Code != "json.utf8" {
				t.Fatalf("rejected what encoding/json accepts: %v", err)
			}
			return
		}
		if stdErr != nil {
			t.Fatalf("accepted what encoding/json rejects (%v)", stdErr)
		}
		if got := toAny(v); !reflect.DeepEqual(got, want) {
			t.Fatalf("content differs:\n got %#v\nwant %#v", got, want)
		}
	})
}

var errFake = &Error{Msg: "trailing data"}
