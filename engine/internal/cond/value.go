package cond

import (
	"strconv"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

// Context gives the request's values for a context key. Keys are passed
// lower-cased, since AWS context key names ignore case ("Context key names
// are not case-sensitive"). present is false when the request has no such
// key.
type Context interface {
	Lookup(key string) (vals []string, present bool)
}

// Part is a piece of an expanded policy value. Literal text (a substituted
// variable's value, or an escape such as ${*}) matches itself even where it
// holds '*' or '?'; other text keeps its wildcard meaning.
type Part = match.Part

// Value is one policy value of a condition: static Text, or a template that
// the engine expands per request.
//
// Expand and ExpandParts are only used by operators that support policy
// variables (Operator.SupportsVariables); for other operators the Text is
// compiled as written. Both return ok=false when a variable could not be
// resolved (its key is missing and it has no default). When both are set,
// wildcard operators (StringLike, StringNotLike, Arn*) use ExpandParts, so
// that the '*' and '?' of substituted text and of ${*} and ${?} stay
// literal; with only Expand, the whole expansion is a pattern.
type Value struct {
	Text        string
	Expand      func(ctx Context) (string, bool)
	ExpandParts func(ctx Context) ([]Part, bool)
}

func (v Value) dynamic() bool { return v.Expand != nil || v.ExpandParts != nil }

// ValueError is a policy value that AWS would reject for the operator, such
// as "ten" for NumericLessThan. Index is the value's position in the list
// given to Compile, or -1 for a problem with the list as a whole.
type ValueError struct {
	Index int
	Msg   string
}

func (e ValueError) Error() string {
	if e.Index < 0 {
		return e.Msg
	}
	return "value " + strconv.Itoa(e.Index+1) + ": " + e.Msg
}
