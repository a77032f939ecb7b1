// Package cond implements the condition operators of AWS IAM policies:
// parsing an operator name such as "ForAllValues:StringLikeIfExists",
// compiling its policy values once, and deciding a condition for a request
// many times without allocating.
//
// The rules follow the IAM User Guide pages "IAM JSON policy elements:
// Condition operators", "Conditions with multiple context keys or values",
// "Single-valued vs. multivalued context keys" and "IAM policy elements:
// Variables and tags". Where those pages leave a case open, the comment at
// the code that decides it quotes the sentence it relies on and says which
// reading was chosen.
package cond

import (
	"strconv"
	"strings"

	names "github.com/iamplayground/iamplay/internal/suggest"
)

// Base is a condition operator without its set qualifier and IfExists
// suffix.
type Base uint8

// The base operators, grouped by family as in the IAM User Guide.
const (
	StringEquals Base = iota
	StringNotEquals
	StringEqualsIgnoreCase
	StringNotEqualsIgnoreCase
	StringLike
	StringNotLike
	NumericEquals
	NumericNotEquals
	NumericLessThan
	NumericLessThanEquals
	NumericGreaterThan
	NumericGreaterThanEquals
	DateEquals
	DateNotEquals
	DateLessThan
	DateLessThanEquals
	DateGreaterThan
	DateGreaterThanEquals
	Bool
	BinaryEquals
	IpAddress
	NotIpAddress
	ArnEquals
	ArnLike
	ArnNotEquals
	ArnNotLike
	Null
	numBases
)

// Set is the set qualifier of an operator for multivalued context keys.
type Set uint8

// The set qualifiers.
const (
	None         Set = iota // no qualifier
	ForAnyValue             // "ForAnyValue:"
	ForAllValues            // "ForAllValues:"
)

// String returns "", "ForAnyValue" or "ForAllValues".
func (s Set) String() string {
	switch s {
	case ForAnyValue:
		return "ForAnyValue"
	case ForAllValues:
		return "ForAllValues"
	}
	return ""
}

// kind is how values of a family are compared.
type kind uint8

const (
	kStrEq kind = iota
	kStrFold
	kStrLike
	kNum
	kDate
	kBool
	kBin
	kIP
	kArn
	kNull
)

// rel is the relation a Numeric or Date operator tests, request value on
// the left: NumericLessThan is true when the request value is less than the
// policy value.
type rel uint8

const (
	relEq rel = iota
	relLt
	relLe
	relGt
	relGe
)

type baseInfo struct {
	name string
	kind kind
	rel  rel
	// neg marks the negated operators: AWS "If the policy condition requires
	// that the key is not matched, such as StringNotLike or ArnNotLike, and
	// the right key is not present, the condition is true", and "If a single
	// negated matching condition operator includes multiple values for a
	// context key, those values are evaluated using a logical NOR".
	neg bool
	// vars: whether policy variables are substituted in the values. The
	// Condition operators page says "You can use a policy variable with the
	// String condition operator", "... with the Boolean condition operator",
	// "... with the ARN condition operator", and "You can not use a policy
	// variable with the Numeric / Date / Binary / IpAddress / Null condition
	// operator". (The Variables page lists only string and ARN operators; the
	// operator reference is the more specific page, so Bool is included.)
	vars bool
}

var bases = [numBases]baseInfo{
	StringEquals:              {"StringEquals", kStrEq, relEq, false, true},
	StringNotEquals:           {"StringNotEquals", kStrEq, relEq, true, true},
	StringEqualsIgnoreCase:    {"StringEqualsIgnoreCase", kStrFold, relEq, false, true},
	StringNotEqualsIgnoreCase: {"StringNotEqualsIgnoreCase", kStrFold, relEq, true, true},
	StringLike:                {"StringLike", kStrLike, relEq, false, true},
	StringNotLike:             {"StringNotLike", kStrLike, relEq, true, true},
	NumericEquals:             {"NumericEquals", kNum, relEq, false, false},
	NumericNotEquals:          {"NumericNotEquals", kNum, relEq, true, false},
	NumericLessThan:           {"NumericLessThan", kNum, relLt, false, false},
	NumericLessThanEquals:     {"NumericLessThanEquals", kNum, relLe, false, false},
	NumericGreaterThan:        {"NumericGreaterThan", kNum, relGt, false, false},
	NumericGreaterThanEquals:  {"NumericGreaterThanEquals", kNum, relGe, false, false},
	DateEquals:                {"DateEquals", kDate, relEq, false, false},
	DateNotEquals:             {"DateNotEquals", kDate, relEq, true, false},
	DateLessThan:              {"DateLessThan", kDate, relLt, false, false},
	DateLessThanEquals:        {"DateLessThanEquals", kDate, relLe, false, false},
	DateGreaterThan:           {"DateGreaterThan", kDate, relGt, false, false},
	DateGreaterThanEquals:     {"DateGreaterThanEquals", kDate, relGe, false, false},
	Bool:                      {"Bool", kBool, relEq, false, true},
	BinaryEquals:              {"BinaryEquals", kBin, relEq, false, false},
	IpAddress:                 {"IpAddress", kIP, relEq, false, false},
	NotIpAddress:              {"NotIpAddress", kIP, relEq, true, false},
	ArnEquals:                 {"ArnEquals", kArn, relEq, false, true},
	ArnLike:                   {"ArnLike", kArn, relEq, false, true},
	ArnNotEquals:              {"ArnNotEquals", kArn, relEq, true, true},
	ArnNotLike:                {"ArnNotLike", kArn, relEq, true, true},
	Null:                      {"Null", kNull, relEq, false, false},
}

// String returns the operator's AWS name, such as "StringLike".
func (b Base) String() string {
	if b < numBases {
		return bases[b].name
	}
	return "Base(" + strconv.Itoa(int(b)) + ")"
}

// Operator is a parsed condition operator name such as
// "ForAllValues:StringLikeIfExists".
type Operator struct {
	Name     string // as written in the policy
	Base     Base
	IfExists bool
	Set      Set
}

// Negated reports whether the operator requires the key not to match
// (StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike,
// NumericNotEquals, DateNotEquals, NotIpAddress, ArnNotEquals, ArnNotLike).
func (o Operator) Negated() bool { return o.Base < numBases && bases[o.Base].neg }

// SupportsVariables reports whether AWS substitutes policy variables such as
// ${aws:username} in the operator's values: String, ARN and Bool operators
// do; Numeric, Date, Binary, IP address and Null operators do not.
func (o Operator) SupportsVariables() bool { return o.Base < numBases && bases[o.Base].vars }

// String returns the operator in AWS syntax, such as
// "ForAnyValue:StringEqualsIfExists".
func (o Operator) String() string {
	s := o.Base.String()
	if o.Set != None {
		s = o.Set.String() + ":" + s
	}
	if o.IfExists {
		s += "IfExists"
	}
	return s
}

// OperatorError is returned by ParseOperator for a name AWS would reject.
type OperatorError struct {
	Name       string // the name as written
	Reason     string // why it is rejected, one sentence
	Suggestion string // the closest valid operator name, or ""
}

func (e *OperatorError) Error() string {
	s := e.Reason
	if e.Suggestion != "" {
		s += `; did you mean "` + e.Suggestion + `"?`
	}
	return s
}

const (
	prefixAny = "ForAnyValue:"
	prefixAll = "ForAllValues:"
	suffixIfx = "IfExists"
)

// ParseOperator parses a condition operator name. Names are case-sensitive,
// as in AWS, which rejects "stringEquals" with "Invalid Condition type"; a
// name that differs from a valid one only in case, or by a small typo, is
// rejected with the valid name as Suggestion.
func ParseOperator(name string) (Operator, error) {
	op := Operator{Name: name}
	rest := name
	switch {
	case strings.HasPrefix(rest, prefixAny):
		op.Set, rest = ForAnyValue, rest[len(prefixAny):]
	case strings.HasPrefix(rest, prefixAll):
		op.Set, rest = ForAllValues, rest[len(prefixAll):]
	}
	if strings.HasSuffix(rest, suffixIfx) {
		op.IfExists, rest = true, rest[:len(rest)-len(suffixIfx)]
	}
	b, ok := lookupBase(rest)
	if !ok {
		return Operator{}, unknownOperator(name)
	}
	op.Base = b
	if b == Null {
		// "You can add IfExists to the end of any condition operator name
		// except the Null condition."
		if op.IfExists {
			return Operator{}, &OperatorError{Name: name, Reason: `IfExists is not allowed with Null: Null itself tests whether the key is present`, Suggestion: withSet(op.Set, "Null")}
		}
		if op.Set != None {
			return Operator{}, &OperatorError{Name: name, Reason: op.Set.String() + `: cannot qualify Null: Null tests whether the key is present, not its values`, Suggestion: "Null"}
		}
	}
	return op, nil
}

func withSet(s Set, base string) string {
	if s == None {
		return base
	}
	return s.String() + ":" + base
}

func lookupBase(s string) (Base, bool) {
	for i := range bases {
		if bases[i].name == s {
			return Base(i), true
		}
	}
	return 0, false
}

// unknownOperator builds the error for a name that is not an operator,
// looking for the valid name the author most likely meant.
func unknownOperator(name string) error {
	e := &OperatorError{Name: name}
	if name == "" {
		e.Reason = "condition operator name is empty"
		return e
	}
	e.Reason = `unknown condition operator "` + name + `"`
	sugg := suggest(name)
	if sugg != "" && sugg != name {
		e.Suggestion = sugg
		if strings.EqualFold(sugg, name) {
			e.Reason += " (operator names are case-sensitive)"
		}
	}
	return e
}

// suggest returns the valid operator name closest to name, or "".
func suggest(name string) string {
	rest := name
	set := ""
	if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		q := rest[:i]
		rest = rest[i+1:]
		switch {
		case closeTo(q, "ForAnyValue"):
			set = prefixAny
		case closeTo(q, "ForAllValues"):
			set = prefixAll
		default:
			return ""
		}
	}
	ifx := ""
	if len(rest) > len(suffixIfx) && closeTo(rest[len(rest)-len(suffixIfx):], suffixIfx) {
		ifx = suffixIfx
		rest = rest[:len(rest)-len(suffixIfx)]
	}
	best, bestD := "", -1
	lr := strings.ToLower(rest)
	for i := range bases {
		d := names.Distance(lr, bases[i].name)
		if bestD < 0 || d < bestD {
			best, bestD = bases[i].name, d
		}
	}
	// Accept a case slip anywhere, and up to about one typo in four letters.
	if bestD > 2 && bestD > len(best)/4 {
		return ""
	}
	if best == "Null" {
		return "Null"
	}
	return set + best + ifx
}

// closeTo reports whether a matches b ignoring case, or with one typo.
func closeTo(a, b string) bool {
	return names.Distance(a, b) <= 1
}
