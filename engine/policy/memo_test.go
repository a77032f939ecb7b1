package policy

import (
	"fmt"
	"strings"
	"testing"
)

// dump writes everything a parse produced that positions or content could
// differ in: each statement's elements with their spans, and the errors.
func dump(p *Policy, errs ErrorList) string {
	var b strings.Builder
	sp := func(s Span) string {
		return fmt.Sprintf("%d:%d:%d-%d:%d:%d", s.Start.Offset, s.Start.Line, s.Start.Col, s.End.Offset, s.End.Line, s.End.Col)
	}
	if p != nil {
		for _, s := range p.Statements {
			fmt.Fprintf(&b, "stmt %d %q %v %s effect %s\n", s.Index, s.Sid, s.Effect, sp(s.Span), sp(s.EffectSpan))
			fmt.Fprintf(&b, " actions not=%v %s", s.Actions.Not, sp(s.Actions.Span))
			for _, a := range s.Actions.Items {
				fmt.Fprintf(&b, " %q@%s", a.Text, sp(a.Span))
			}
			b.WriteString("\n")
			if r := s.Resources; r != nil {
				fmt.Fprintf(&b, " resources not=%v %s", r.Not, sp(r.Span))
				for _, it := range r.Items {
					fmt.Fprintf(&b, " %q@%s tmpl=%v", it.Text, sp(it.Span), it.Tmpl != nil)
				}
				b.WriteString("\n")
			}
			if pr := s.Principal; pr != nil {
				fmt.Fprintf(&b, " principal not=%v any=%v %s", pr.Not, pr.Any, sp(pr.Span))
				for _, it := range pr.Items {
					fmt.Fprintf(&b, " %s:%q@%s", it.Kind, it.Text, sp(it.Span))
				}
				b.WriteString("\n")
			}
			for _, c := range s.Conditions {
				fmt.Fprintf(&b, " cond %s %q@%s op@%s %s", c.Operator.String(), c.Key.Text, sp(c.Key.Span), sp(c.OpSpan), sp(c.Span))
				for _, v := range c.Values {
					fmt.Fprintf(&b, " %q@%s", v.Text, sp(v.Span))
				}
				b.WriteString("\n")
			}
		}
		if t := p.Table; t != nil {
			fmt.Fprintf(&b, "table %v %v %v %q\n", t.Rows, t.Filters, t.CondKeys, t.Keys)
		}
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "err %s %s %v %q %s\n", e.Policy, e.Code, e.Severity, e.Msg, sp(e.Span))
	}
	return b.String()
}

const memoBase = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "One", "Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "arn:aws:s3:::b/${aws:username}/*"},
    {
      "Sid": "Two",
      "Effect": "Deny",
      "NotAction": "iam:*",
      "Resource": "*",
      "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "IpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}
    },
    {"Sid": "Three", "Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"},
    {"Sid": "Four", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::111111111111:role/R"}
  ]
}`

// A memoized parse after an edit must equal a fresh parse of the edited
// text: same statements, same spans, same errors.
func checkMemo(t *testing.T, typ Type, before, after string) {
	t.Helper()
	var m Memo
	m.Rotate()
	ParseMemo("p", before, typ, &m)
	m.Rotate()
	gotP, gotE := ParseMemo("p", after, typ, &m)
	wantP, wantE := Parse("p", []byte(after), typ)
	if got, want := dump(gotP, gotE), dump(wantP, wantE); got != want {
		t.Fatalf("memoized parse differs from a fresh one\nedit:\n%s\ngot:\n%s\nwant:\n%s", after, got, want)
	}
}

func TestMemoMatchesFreshParse(t *testing.T) {
	edits := []struct{ name, old, new string }{
		{"no edit", "", ""},
		{"typing in the first statement's Sid moves the statements after it", `"Sid": "One"`, `"Sid": "Onex"`},
		{"a new line before a statement", `    {"Sid": "Three"`, "\n    {\"Sid\": \"Three\""},
		{"a column shift on a statement's first line", `    {"Sid": "Four"`, `      {"Sid": "Four"`},
		{"a statement removed", `    {"Sid": "Three", "Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"},` + "\n", ""},
		{"the broken statement fixed", `"Maybe"`, `"Allow"`},
		{"a statement inserted at the front", `  "Statement": [` + "\n", `  "Statement": [` + "\n" + `    {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"},` + "\n"},
		{"non-ASCII text before the statements", `"Version": "2012-10-17",`, `"Version": "2012-10-17", "Id": "héllo wörld",`},
		{"Version removed: variables are no longer substituted", `"Version": "2012-10-17",`, ``},
	}
	for _, e := range edits {
		t.Run(e.name, func(t *testing.T) {
			after := strings.Replace(memoBase, e.old, e.new, 1)
			if e.old != "" && after == memoBase {
				t.Fatalf("edit %q does not apply", e.old)
			}
			for _, typ := range []Type{Identity, Boundary} {
				checkMemo(t, typ, memoBase, after)
			}
		})
	}
}

func TestMemoForgetsUnusedStatements(t *testing.T) {
	var m Memo
	m.Rotate()
	ParseMemo("p", memoBase, Identity, &m)
	m.Rotate()
	ParseMemo("p", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, Identity, &m)
	m.Rotate()
	if len(m.prev) != 1 || len(m.cur) != 0 {
		t.Errorf("memo keeps %d + %d statements, want only the 1 of the last round", len(m.prev), len(m.cur))
	}
}

// FuzzMemo inserts arbitrary text at an arbitrary place and checks the
// memoized parse against a fresh one.
func FuzzMemo(f *testing.F) {
	f.Add(memoBase, uint16(60), "x")
	f.Add(memoBase, uint16(0), "\n\n")
	f.Add(memoBase, uint16(200), `{"Effect":"Deny","Action":"*","Resource":"*"},`)
	f.Fuzz(func(t *testing.T, base string, at uint16, insert string) {
		i := int(at) % (len(base) + 1)
		checkMemo(t, Identity, base, base[:i]+insert+base[i:])
	})
}
