package cond

import (
	"strconv"
	"strings"
)

// Match pairs a request value with a policy value, by index, for which the
// positive form of the operator held (StringNotLike records the pairs that
// are alike, which is what makes it false).
type Match struct {
	Request int
	Policy  int
}

// Explanation is Eval's result plus what a learner needs to see why.
type Explanation struct {
	Result bool
	// PolicyValues are the policy values after variable substitution. A
	// value whose variables could not be resolved is shown as written.
	PolicyValues []string
	Matches      []Match
	// Note says in one sentence how the missing key, IfExists, set
	// qualifier or invalid values decided the result, such as "key
	// aws:MultiFactorAuthPresent is missing: BoolIfExists treats a missing
	// key as true".
	Note string
	// Unresolved lists the policy values whose variables had no value in
	// the request; they match nothing.
	Unresolved []int
	// BadPolicy lists the policy values rejected by Compile; they rMatch
	// nothing.
	BadPolicy []int
	// BadRequest lists the request values that are not valid for the
	// operator's family (such as aws:SourceIp "not-an-ip").
	BadRequest []int
}

// explainer collects what eval saw when called from Explain.
type explainer struct {
	// The expansions of dynamic values, made once so that every comparison
	// sees the same text.
	text  []string
	parts [][]Part
	ok    []bool

	cur     int    // index of the request value being compared
	sat     []bool // per request value: whether it satisfied the operator
	matches []Match
	bad     []int
}

// Explain is Eval plus the policy values after variable substitution, which
// request value matched which policy value, and a note on the handling of
// a missing key, IfExists, set qualifiers and invalid values. key is the
// condition key as the learner wrote it, used only in the note. Explain
// allocates; Eval does not.
func (t *Test) Explain(ctx Context, key string, reqVals []string, present bool) Explanation {
	n := len(t.vals)
	e := Explanation{PolicyValues: make([]string, n)}
	x := &explainer{}
	if t.dyn {
		x.text, x.parts, x.ok = make([]string, n), make([][]Part, n), make([]bool, n)
	}
	for i := range t.vals {
		c := &t.vals[i]
		e.PolicyValues[i] = c.text
		switch c.state {
		case vInvalid:
			e.BadPolicy = append(e.BadPolicy, i)
		case vDynamic:
			text, parts, ok := expandValue(c, t.info.kind, ctx)
			x.text[i], x.parts[i], x.ok[i] = text, parts, ok
			switch {
			case !ok:
				e.Unresolved = append(e.Unresolved, i)
			case parts != nil:
				var b strings.Builder
				for _, p := range parts {
					b.WriteString(p.Text)
				}
				e.PolicyValues[i] = b.String()
			default:
				e.PolicyValues[i] = text
			}
		}
	}
	e.Result = t.eval(ctx, reqVals, present, x)
	e.Matches, e.BadRequest = x.matches, x.bad
	e.Note = t.note(key, reqVals, present, &e, x)
	return e
}

func (t *Test) note(key string, reqVals []string, present bool, e *Explanation, x *explainer) string {
	op := t.op.String()
	k := "key " + key
	if key == "" {
		k = "the key"
	}
	absent := !present || len(reqVals) == 0
	missing := k + " is missing"
	if present && len(reqVals) == 0 {
		missing = k + " is present with no values, which counts as missing"
	}
	if t.info.kind == kNull {
		switch {
		case absent && e.Result:
			return missing + `: Null "true" requires the key to be absent`
		case absent:
			return missing + `: Null "false" requires the key to be present`
		case e.Result:
			return k + ` is present: Null "false" requires the key to be present`
		}
		return k + ` is present: Null "true" requires the key to be absent`
	}
	if absent {
		switch {
		case t.op.Set == ForAllValues:
			return missing + ": " + op + ` is true when the request has no values to check (add Null "false" to require the key)`
		case t.op.Set == ForAnyValue && t.op.IfExists:
			return missing + ": " + op + " needs at least one request value to match, so it is false: ForAnyValue decides before IfExists"
		case t.op.Set == ForAnyValue:
			return missing + ": " + op + " needs at least one request value to match, so it is false"
		case t.op.IfExists:
			return missing + ": " + op + " treats a missing key as true"
		case t.info.neg:
			return missing + ": " + op + " is a negated operator, so a missing key counts as not matching and the condition is true"
		}
		return missing + ": " + op + " is false when the key is missing"
	}

	var notes []string
	for _, i := range e.Unresolved {
		if t.info.neg {
			notes = append(notes, "policy value "+strconv.Quote(t.vals[i].text)+" has a variable with no value in the request, so it matches nothing: "+op+" counts it as not matching")
		} else {
			notes = append(notes, "policy value "+strconv.Quote(t.vals[i].text)+" has a variable with no value in the request, so it matches nothing and "+op+" cannot hold for it")
		}
	}
	for _, i := range e.BadPolicy {
		notes = append(notes, "policy value "+strconv.Quote(t.vals[i].text)+" is invalid and matches nothing")
	}
	for _, i := range e.BadRequest {
		notes = append(notes, "request value "+strconv.Quote(reqVals[i])+" is not "+t.info.kind.noun()+", so it satisfies neither "+op+" nor its negation")
	}
	name := t.info.name
	switch t.op.Set {
	case ForAllValues:
		fail := -1
		for i, s := range x.sat {
			if !s {
				fail = i
				break
			}
		}
		if fail < 0 {
			notes = append(notes, "each of the "+count(len(reqVals), "request value")+" satisfies "+name+", as ForAllValues requires")
		} else {
			notes = append(notes, "request value "+strconv.Quote(reqVals[fail])+" does not satisfy "+name+", and ForAllValues requires every request value to")
		}
	case ForAnyValue:
		hit := -1
		for i, s := range x.sat {
			if s {
				hit = i
				break
			}
		}
		if hit >= 0 {
			notes = append(notes, "request value "+strconv.Quote(reqVals[hit])+" satisfies "+name+", which is enough for ForAnyValue")
		} else {
			notes = append(notes, "none of the "+count(len(reqVals), "request value")+" satisfies "+name+", as ForAnyValue requires one to")
		}
	default:
		if len(reqVals) > 1 {
			if t.info.neg {
				notes = append(notes, k+" has "+count(len(reqVals), "value")+" and "+op+" has no ForAnyValue:/ForAllValues: qualifier: it is true only if no request value matches a policy value")
			} else {
				notes = append(notes, k+" has "+count(len(reqVals), "value")+" and "+op+" has no ForAnyValue:/ForAllValues: qualifier: it is true if any request value matches a policy value")
			}
		} else if len(e.BadRequest) == 0 {
			notes = append(notes, t.singleNote(reqVals[0], e))
		}
	}
	return strings.Join(notes, "; ")
}

// singleNote describes the comparison of a single request value.
func (t *Test) singleNote(v string, e *Explanation) string {
	q := strconv.Quote(v)
	if len(e.Matches) > 0 {
		p := strconv.Quote(e.PolicyValues[e.Matches[0].Policy])
		if t.info.neg {
			return "request value " + q + " matches policy value " + p + ", so " + t.info.name + " is false"
		}
		return "request value " + q + " matches policy value " + p
	}
	if t.info.neg {
		if len(e.BadPolicy) > 0 {
			return "request value " + q + " matches none of the other policy values"
		}
		return "request value " + q + " matches none of the policy values, so " + t.info.name + " is true"
	}
	return "request value " + q + " matches none of the policy values"
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// noun names what a request value must be for the family.
func (k kind) noun() string {
	switch k {
	case kNum:
		return "a number"
	case kDate:
		return "a date"
	case kBool:
		return `"true" or "false"`
	case kBin:
		return "base64"
	case kIP:
		return "an IP address"
	case kArn:
		return "an ARN (arn:partition:service:region:account:resource)"
	}
	return "a string"
}
