package jsonw

import (
	"encoding/json"
	"strings"
	"testing"
)

// Str escapes as encoding/json does, and what it writes reads back.
func TestStringEscapes(t *testing.T) {
	var w Writer
	w.Str("a\"b\\c\n\t\r\x00<>&\u2028\u2029\xff😀")
	want := `"a\"b\\c\n\t\r\u0000\u003c\u003e\u0026\u2028\u2029\ufffd😀"`
	if string(w.B) != want {
		t.Errorf("got  %s\nwant %s", w.B, want)
	}
	std, _ := json.Marshal("a\"b\\c\n\t\r\x00<>&\u2028\u2029\xff😀")
	if string(std) != want {
		t.Errorf("encoding/json writes %s", std)
	}
	var s string
	if err := json.Unmarshal(w.B, &s); err != nil || !strings.HasSuffix(s, "😀") {
		t.Errorf("round trip: %q %v", s, err)
	}
}

// Lists: nil is null, empty is [], as encoding/json writes them.
func TestStrs(t *testing.T) {
	for _, list := range [][]string{nil, {}, {"a"}, {"a", "<b>"}} {
		var w Writer
		w.Strs(list)
		std, _ := json.Marshal(list)
		if string(w.B) != string(std) {
			t.Errorf("%q: got %s, want %s", list, w.B, std)
		}
	}
}
