package jsonpos

import (
	"fmt"
	"strings"
	"testing"
)

// dump writes a value with every offset, expanding Lazy values with
// ParseValueAt, so that two parses can be compared exactly.
func dump(t *testing.T, sb *strings.Builder, src string, v *Value, depth int) {
	if v.Lazy {
		full, err := ParseValueAt(src, v.Start, depth)
		if err != nil {
			t.Fatalf("ParseValueAt(%d): %v", v.Start, err)
		}
		if full.Start != v.Start || full.End != v.End {
			t.Fatalf("lazy value spans %d-%d, parsed %d-%d", v.Start, v.End, full.Start, full.End)
		}
		v = full
	}
	fmt.Fprintf(sb, "%v@%d-%d", v.Kind, v.Start, v.End)
	switch v.Kind {
	case Array:
		sb.WriteString("[")
		for _, it := range v.Items {
			dump(t, sb, src, it, depth+1)
			sb.WriteString(",")
		}
		sb.WriteString("]")
	case Object:
		sb.WriteString("{")
		for _, m := range v.Members {
			fmt.Fprintf(sb, "%q@%d-%d:", m.Key, m.KeyStart, m.KeyEnd)
			dump(t, sb, src, m.Value, depth+1)
			sb.WriteString(",")
		}
		sb.WriteString("}")
	default:
		fmt.Fprintf(sb, "%q", v.Text)
	}
}

// statementTexts returns the text of each object in the top-level
// "Statement" array of src, when src parses.
func statementTexts(src string) map[string]bool {
	known := map[string]bool{}
	v, err := ParseString(src)
	if err != nil || v.Kind != Object {
		return known
	}
	if st := v.Get("Statement"); st != nil && st.Kind == Array {
		for _, it := range st.Items {
			if it.Kind == Object {
				known[src[it.Start:it.End]] = true
			}
		}
	}
	return known
}

// checkKnown parses doc with ParseString and with ParseKnown, knowing the
// statements of base, and requires the same answer.
func checkKnown(t *testing.T, base, doc string) (lazy int) {
	t.Helper()
	known := statementTexts(base)
	want, werr := ParseString(doc)
	got, gerr := ParseKnown(doc, "Statement", func(s string) bool { return known[s] })
	if (werr == nil) != (gerr == nil) {
		t.Fatalf("ParseString error %v, ParseKnown error %v", werr, gerr)
	}
	if werr != nil {
		if *werr != *gerr {
			t.Fatalf("ParseString error %+v, ParseKnown error %+v", *werr, *gerr)
		}
		return 0
	}
	if st := got.Get("Statement"); got.Kind == Object && st != nil {
		for _, it := range st.Items {
			if it.Lazy {
				lazy++
			}
		}
	}
	var a, b strings.Builder
	dump(t, &a, doc, want, 0)
	dump(t, &b, doc, got, 0)
	if a.String() != b.String() {
		t.Fatalf("trees differ:\nParseString %s\nParseKnown  %s", a.String(), b.String())
	}
	return lazy
}

const knownBase = `{"Version": "2012-10-17", "Statement": [
  {"Sid": "A", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"},
  {"Sid": "B", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::b/{x}", "Condition": {"StringLike": {"s3:prefix": ["a\"}", "]"]}}},
  {"Sid": "C", "Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
]}`

func TestParseKnown(t *testing.T) {
	tests := []struct {
		name     string
		doc      string
		wantLazy int
	}{
		{"unchanged: every statement skipped", knownBase, 3},
		{"one statement edited", strings.Replace(knownBase, `"Sid": "B"`, `"Sid": "Bx"`, 1), 2},
		{"a statement added", strings.Replace(knownBase, "\n]}", ",\n{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}\n]}", 1), 3},
		{"statements moved by a line", "\n" + knownBase, 3},
		{"statements reordered", strings.Replace(strings.Replace(knownBase, `"Sid": "A"`, `"Sid": "TMP"`, 1), `"Sid": "C"`, `"Sid": "A"`, 1), 1},
		{"a known statement under another key", strings.Replace(knownBase, `"Statement"`, `"Statements"`, 1), 0},
		{"broken after a known statement", strings.Replace(knownBase, "\n]}", "\n]", 1), 0},
		{"broken inside an edited statement", strings.Replace(knownBase, `"Sid": "B",`, `"Sid": "B"`, 1), 0},
		{"a duplicate key in an edited statement", strings.Replace(knownBase, `"Sid": "C",`, `"Sid": "C", "Sid": "D",`, 1), 0},
		{"no statements", `{"Version": "2012-10-17", "Statement": []}`, 0},
		{"a known statement alone", `{"Statement": {"Sid": "A", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"}}`, 0},
		{"not an object", `[{"Statement": []}]`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := checkKnown(t, knownBase, tt.doc); got != tt.wantLazy {
				t.Errorf("%d statements skipped, want %d", got, tt.wantLazy)
			}
		})
	}
}

// A known statement nested so deep that the depth limit would refuse it is
// parsed, and refused.
func TestParseKnownKeepsDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth-2) + strings.Repeat("]", MaxDepth-2)
	stmt := `{"Sid": "A", "Condition": ` + deep + `}`
	base := `{"Statement": ` + stmt + `}` // one level shallower: parses
	if _, err := ParseString(base); err != nil {
		t.Fatalf("base does not parse: %v", err)
	}
	known := map[string]bool{stmt: true}
	_, err := ParseKnown(`{"Statement": [`+stmt+`]}`, "Statement", func(s string) bool { return known[s] })
	if err == nil || err.Code != "json.depth" {
		t.Errorf("error %v, want json.depth", err)
	}
}

// FuzzParseKnown edits a document and requires ParseKnown, knowing the
// statements of the original, to answer exactly as ParseString.
func FuzzParseKnown(f *testing.F) {
	f.Add(knownBase, uint16(60), "x")
	f.Add(knownBase, uint16(0), "\n")
	f.Add(knownBase, uint16(45), `{"Effect":"Deny"},`)
	f.Add(knownBase, uint16(200), `"`)
	f.Add(knownBase, uint16(120), `\`)
	f.Fuzz(func(t *testing.T, base string, at uint16, insert string) {
		i := int(at) % (len(base) + 1)
		checkKnown(t, base, base[:i]+insert+base[i:])
	})
}
