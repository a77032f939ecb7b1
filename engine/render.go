package engine

import (
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
	Trace    *Node            `json:"trace,omitempty"`
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
	Stage   string  `json:"stage"`
	Outcome Outcome `json:"outcome"`
}

// Report converts the result to its JSON form.
func (r Result) Report() Report {
	rep := Report{Decision: r.Decision, Refusal: r.Refusal}
	if r.Trace != nil {
		rep.Reason = r.Trace.reasonOf(&r)
		rep.Flow = r.Trace.flow[:0]
	} else {
		rep.Reason = r.Reason()
		rep.Flow = make([]StageReport, 0, numStages)
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
			d.Span = spanOf(s.Span)
			rep.Deciding = &d
		}
	}
	for i := Stage(0); i < numStages; i++ {
		rep.Flow = append(rep.Flow, StageReport{Stage: i.String(), Outcome: r.Flow[i]})
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
func (r Result) WriteText(w io.Writer) error {
	var b strings.Builder
	if r.Refusal != "" {
		b.WriteString("Decision: REFUSED BY AWS (" + headline[r.Decision] + ")\n")
	} else {
		b.WriteString("Decision: " + headline[r.Decision] + "\n")
	}
	b.WriteString("Reason:   " + r.Reason() + "\n")
	if r.Trace == nil {
		_, err := io.WriteString(w, b.String())
		return err
	}
	root := r.Trace.Tree()
	b.WriteString("Request:  " + root.Label + "\n")
	b.WriteString("\nContext keys:\n")
	k := r.Trace.Keys()
	for _, kv := range k.Given {
		b.WriteString("  given    " + kv.Key + " = " + strings.Join(kv.Values, ", ") + "\n")
	}
	for _, kv := range k.Derived {
		b.WriteString("  derived  " + kv.Key + " = " + strings.Join(kv.Values, ", ") + "   (" + kv.Note + ")\n")
	}
	for _, key := range k.Missing {
		b.WriteString("  missing  " + key + "   (a policy refers to it; the request does not have it)\n")
	}
	if len(k.Given)+len(k.Derived)+len(k.Missing) == 0 {
		b.WriteString("  (none)\n")
	}
	b.WriteString("\nEvaluation, in AWS's order:\n")
	for _, n := range root.Children {
		if n.Kind == "decision" {
			continue
		}
		writeNode(&b, n, 1)
	}
	b.WriteString("\nFlow: ")
	for i := Stage(0); i < numStages; i++ {
		if i > 0 {
			b.WriteString(" → ")
		}
		b.WriteString(i.String() + " " + r.Flow[i].String())
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

var marks = map[string]string{
	"match": "✓", "noMatch": "✗", "allow": "✓", "deny": "⛔", "none": "·",
	"notApplicable": "–", "pass": "✓", "fail": "✗",
}

func writeNode(b *strings.Builder, n *Node, depth int) {
	ind := strings.Repeat("  ", depth)
	mark := marks[n.Result]
	if mark == "" {
		mark = "•"
	}
	line := ind + mark + " "
	switch n.Kind {
	case "stage":
		line += n.Label
		if n.Result == "notApplicable" {
			line += ": not applicable"
			if n.Note != "" {
				line += " (" + n.Note + ")"
			}
		}
	case "level":
		line += n.Label
		if n.Result == "none" {
			line += ": allows nothing here"
		}
	case "policy":
		line += "policy " + n.Label + ": " + policyWord(n.Result)
	case "statement":
		if !strings.HasPrefix(n.Label, "statement ") {
			line += "statement "
		}
		line += n.Label + " (" + n.Effect + ")"
		if n.Result == "match" {
			line += ": applies"
		} else {
			line += ": does not apply"
		}
	case "condition":
		c := n.Condition
		line += "Condition " + n.Label + ": request "
		if c.Present {
			line += "[" + strings.Join(c.RequestValues, ", ") + "]"
			if c.Origin == "derived" {
				line += " (derived)"
			}
		} else {
			line += "(missing)"
		}
		line += " vs policy [" + strings.Join(c.PolicyValues, ", ") + "]"
	case "note":
		line = ind + "note: " + n.Label
	default:
		line += n.Label
		if n.Matched != "" || n.Value != "" {
			line += ": " + n.Value
		}
	}
	if n.Span != nil {
		line += "  @" + strconv.Itoa(n.Span.Start.Line) + ":" + strconv.Itoa(n.Span.Start.Col)
	}
	b.WriteString(line + "\n")
	if n.Note != "" && n.Kind != "stage" && n.Kind != "note" {
		b.WriteString(ind + "    " + n.Note + "\n")
	}
	for _, c := range n.Children {
		writeNode(b, c, depth+1)
	}
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
