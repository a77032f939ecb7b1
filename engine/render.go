package engine

import (
	"bufio"
	"io"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

// Report is the stable JSON form of a result, as the CLI prints it and the
// browser draws it.
type Report struct {
	Decision Decision `json:"decision"`
	Reason   string   `json:"reason"`
	// Refusal says why AWS refuses the request whatever the policies say;
	// empty when the policies decided.
	Refusal  string           `json:"refusal,omitempty"`
	Deciding *StatementReport `json:"deciding,omitempty"`
	Flow     []StageReport    `json:"flow"`
	Keys     *Keys            `json:"keys,omitempty"`
	Trace    *Tree            `json:"trace,omitempty"`
}

// StatementReport names a statement.
type StatementReport struct {
	Policy    string       `json:"policy"`
	Type      policy.Type  `json:"type"`
	Statement int          `json:"statement"` // index from 0
	Sid       string       `json:"sid,omitempty"`
	Effect    string       `json:"effect"`
	Span      *policy.Span `json:"span,omitempty"`
}

// StageReport is one stage of AWS's flow chart and what it contributed.
type StageReport struct {
	Stage   Stage   `json:"stage"`
	Outcome Outcome `json:"outcome"`
}

// Report converts the result to its JSON form.
func (r Result) Report() Report {
	rep := Report{Decision: r.Decision, Refusal: r.Refusal}
	if r.Trace != nil {
		rep.Reason = r.Trace.reasonOf(&r)
		rep.Flow = r.Trace.flow[:]
	} else {
		rep.Reason = r.Reason()
		rep.Flow = make([]StageReport, numStages)
	}
	for i := range rep.Flow {
		rep.Flow[i] = StageReport{Stage: Stage(i), Outcome: r.Flow[i]}
	}
	if r.Deciding.Valid() {
		s := r.Deciding.Statement
		d := StatementReport{Policy: r.Deciding.Policy.Name, Type: r.Deciding.Policy.Type,
			Statement: s.Index, Sid: s.Sid, Effect: s.Effect.String()}
		if t := r.Trace; t != nil {
			// The trace's memory, so that a traced report allocates less.
			t.deciding, t.span = d, s.Span
			if s.Span.Start.IsValid() {
				t.deciding.Span = &t.span
			}
			rep.Deciding = &t.deciding
		} else {
			rep.Deciding = &StatementReport{}
			*rep.Deciding = d
			rep.Deciding.Span = spanOf(s.Span)
		}
	}
	if r.Trace != nil {
		r.Trace.Keys()
		rep.Keys = r.Trace.keys
		rep.Trace = r.Trace.Tree()
	}
	return rep
}

var headline = map[Decision]string{Allowed: "ALLOWED", ExplicitDeny: "EXPLICIT DENY", ImplicitDeny: "IMPLICIT DENY"}

// WriteText writes the result as an indented text trace for a terminal.
// It writes as it goes, through a buffer, so that a large trace is never
// held whole as text.
func (r Result) WriteText(w io.Writer) error {
	b, ok := w.(*bufio.Writer)
	if !ok {
		b = bufio.NewWriter(w)
	}
	if r.Refusal != "" {
		b.WriteString("Decision: REFUSED BY AWS (" + headline[r.Decision] + ")\n")
	} else {
		b.WriteString("Decision: " + headline[r.Decision] + "\n")
	}
	b.WriteString("Reason:   " + r.Reason() + "\n")
	if r.Trace == nil {
		return b.Flush()
	}
	tree := r.Trace.Tree()
	var text textBuf
	var s slot
	tree.fill(0, &s, &text)
	b.WriteString("Request:  " + s.node.Label + "\n")
	b.WriteString("\nContext keys:\n")
	k := r.Trace.Keys()
	for _, kv := range k.Given {
		writeStrings(b, "  given    ", kv.Key, " = ")
		writeList(b, kv.Values)
		b.WriteString("\n")
	}
	for _, kv := range k.Derived {
		writeStrings(b, "  derived  ", kv.Key, " = ")
		writeList(b, kv.Values)
		writeStrings(b, "   (", kv.Note, ")\n")
	}
	for _, key := range k.Missing {
		writeStrings(b, "  missing  ", key, "   (a policy refers to it; the request does not have it)\n")
	}
	if len(k.Given)+len(k.Derived)+len(k.Missing) == 0 {
		b.WriteString("  (none)\n")
	}
	b.WriteString("\nEvaluation, in AWS's order:\n")
	tree.Children(0, func(i int) {
		if tree.kindOf(i) != kDecision {
			tree.writeText(b, i, 1)
		}
	})
	b.WriteString("\nFlow: ")
	for i := Stage(0); i < numStages; i++ {
		if i > 0 {
			b.WriteString(" → ")
		}
		writeStrings(b, i.String(), " ", r.Flow[i].String())
	}
	b.WriteString("\n")
	return b.Flush()
}

func writeStrings(b *bufio.Writer, parts ...string) {
	for _, p := range parts {
		b.WriteString(p)
	}
}

// writeList writes values separated by commas.
func writeList(b *bufio.Writer, values []string) {
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(v)
	}
}

var marks = map[string]string{
	"match": "✓", "noMatch": "✗", "allow": "✓", "deny": "⛔", "none": "·",
	"notApplicable": "–", "pass": "✓", "fail": "✗",
}

const indent = "                                                                "

func writeIndent(b *bufio.Writer, depth int) {
	for n := 2 * depth; n > 0; n -= len(indent) {
		b.WriteString(indent[:min(n, len(indent))])
	}
}

// writeText writes item i and its subtree, each item's text written into
// a buffer of its own, so that a large trace is never held whole.
func (tr *Tree) writeText(b *bufio.Writer, i, depth int) {
	var text textBuf
	var s slot
	tr.fill(i, &s, &text)
	n := &s.node
	writeIndent(b, depth)
	mark := marks[n.Result]
	if mark == "" {
		mark = "•"
	}
	if n.Kind != "note" {
		writeStrings(b, mark, " ")
	}
	switch n.Kind {
	case "stage":
		b.WriteString(n.Label)
		if n.Result == "notApplicable" {
			b.WriteString(": not applicable")
		}
		if n.Note != "" {
			writeStrings(b, " (", n.Note, ")")
		}
	case "level":
		b.WriteString(n.Label)
		if n.Result == "none" {
			b.WriteString(": allows nothing here")
		}
	case "policy":
		writeStrings(b, "policy ", n.Label, ": ", policyWord(n.Result))
	case "statement":
		if !strings.HasPrefix(n.Label, "statement ") {
			b.WriteString("statement ")
		}
		writeStrings(b, n.Label, " (", n.Effect, ")")
		if n.Result == "match" {
			b.WriteString(": applies")
		} else {
			b.WriteString(": does not apply")
		}
	case "condition":
		c := n.Condition
		writeStrings(b, "Condition ", n.Label, ": request ")
		if c.Present {
			b.WriteString("[")
			writeList(b, c.RequestValues)
			b.WriteString("]")
			if c.Origin == "derived" {
				b.WriteString(" (derived)")
			}
		} else {
			b.WriteString("(missing)")
		}
		b.WriteString(" vs policy [")
		writeList(b, c.PolicyValues)
		b.WriteString("]")
	case "note":
		writeStrings(b, "note: ", n.Label)
	default:
		b.WriteString(n.Label)
		if n.Matched != "" || n.Value != "" {
			writeStrings(b, ": ", n.Value)
		}
	}
	if n.Span != nil {
		var num [20]byte
		b.WriteString("  @")
		b.Write(strconv.AppendInt(num[:0], int64(n.Span.Start.Line), 10))
		b.WriteString(":")
		b.Write(strconv.AppendInt(num[:0], int64(n.Span.Start.Col), 10))
	}
	b.WriteString("\n")
	if n.Note != "" && n.Kind != "stage" && n.Kind != "note" {
		writeIndent(b, depth)
		writeStrings(b, "    ", n.Note, "\n")
	}
	tr.Children(i, func(c int) { tr.writeText(b, c, depth+1) })
}

func policyWord(r string) string {
	switch r {
	case "allow":
		return "allows"
	case "deny":
		return "denies"
	}
	return "neither allows nor denies"
}

// spanOf is a pointer to a copy of sp, or nil when sp is not known.
func spanOf(sp policy.Span) *policy.Span {
	if !sp.Start.IsValid() {
		return nil
	}
	return &sp
}
