package policy

import (
	"sort"
	"strconv"
)

// Severity says whether a problem makes AWS reject the policy (Error) or is
// accepted but worth a learner's attention (Warning).
type Severity uint8

// Severities.
const (
	SevError Severity = iota
	SevWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Error is one problem found in a policy, with where it is and a stable code
// that tools and the browser can key on.
type Error struct {
	Policy   string   `json:"policy"` // the policy or file name
	Span     Span     `json:"span"`
	Code     string   `json:"code"` // stable identifier such as "statement.missingEffect"
	Msg      string   `json:"message"`
	Severity Severity `json:"severity"`
}

// Error formats the problem as "name:line:col: message".
func (e *Error) Error() string {
	s := e.Policy
	if e.Span.Start.IsValid() {
		s += ":" + e.Span.Start.String()
	}
	if e.Severity == SevWarning {
		return s + ": warning: " + e.Msg
	}
	return s + ": " + e.Msg
}

// ErrorList is every problem found, errors and warnings alike.
type ErrorList []*Error

// Add appends a problem.
func (l *ErrorList) Add(e *Error) { *l = append(*l, e) }

// Sort orders the list by policy name and position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.Policy != b.Policy {
			return a.Policy < b.Policy
		}
		return a.Span.Start.Offset < b.Span.Start.Offset
	})
}

// HasErrors reports whether any problem is an error rather than a warning.
func (l ErrorList) HasErrors() bool {
	for _, e := range l {
		if e.Severity == SevError {
			return true
		}
	}
	return false
}

// Err returns the list as an error if it holds any error (warnings alone
// are not failures), or nil.
func (l ErrorList) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error formats the first error and counts the rest.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return l[0].Error() + " (and " + strconv.Itoa(len(l)-1) + " more)"
}
