package fix

import (
	"strings"

	"github.com/iamplayground/iamplay/engine"
)

// contextCandidate is a set of context values that would let an Allow
// statement match: the statement matched the request but for conditions on
// keys the request does not carry.
type contextCandidate struct {
	statement string
	keys      []string
	values    [][]string
}

// contextCandidates reads the trace for Allow statements whose principal,
// action and resource matched and whose only failing conditions test keys
// the request lacks.
func contextCandidates(root *engine.Node) []contextCandidate {
	var out []contextCandidate
	var walk func(n *engine.Node)
	walk = func(n *engine.Node) {
		if n == nil {
			return
		}
		if n.Kind == "statement" && n.Effect == "Allow" && n.Result == "noMatch" {
			if c, ok := candidateOf(n); ok {
				out = append(out, c)
			}
		}
		for _, ch := range n.Children {
			walk(ch)
		}
	}
	walk(root)
	return out
}

func candidateOf(st *engine.Node) (contextCandidate, bool) {
	c := contextCandidate{statement: st.Policy + " " + st.Label}
	for _, ch := range st.Children {
		switch ch.Kind {
		case "principal", "action", "resource":
			if ch.Result != "match" {
				return c, false
			}
		case "condition":
			cd := ch.Condition
			if ch.Result == "match" || cd == nil {
				continue
			}
			if cd.Present || len(cd.PolicyValues) == 0 || strings.HasPrefix(cd.Operator, "Null") {
				return c, false
			}
			c.keys = append(c.keys, cd.Key)
			c.values = append(c.values, []string{sampleValue(cd.Operator, cd.PolicyValues[0])})
		}
	}
	return c, len(c.keys) > 0
}

// sampleValue is a request value that satisfies the operator against the
// policy's value, for the common operators.
func sampleValue(op, v string) string {
	op = strings.TrimSuffix(op, "IfExists")
	op = strings.TrimPrefix(strings.TrimPrefix(op, "ForAnyValue:"), "ForAllValues:")
	switch op {
	case "StringLike", "ArnLike":
		return strings.NewReplacer("*", "example", "?", "x").Replace(v)
	case "IpAddress":
		if i := strings.IndexByte(v, '/'); i > 0 {
			return v[:i]
		}
	case "NumericLessThan":
		return "0"
	}
	return v
}

// setContext supplies the candidate's keys in the request.
func (s *state) setContext(c contextCandidate) error {
	ctx := make(map[string]engine.ContextValue, len(s.req.Context)+len(c.keys))
	for k, v := range s.req.Context {
		ctx[k] = v
	}
	for i, k := range c.keys {
		ctx[k] = engine.ContextValue{Values: c.values[i]}
		s.edits = append(s.edits, &Edit{Kind: "addContext", Stage: "context", Key: k, Values: c.values[i],
			Summary: "make the request with " + k + " = " + strings.Join(c.values[i], ", ") + " (" + c.statement + " tests it, and the request does not carry it)"})
	}
	req := s.req
	req.Context = ctx
	prep, err := engine.Prepare(req)
	if err != nil {
		return err
	}
	s.req, s.prep = req, prep
	return nil
}
