package policy

import (
	"strconv"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/internal/match"
)

// Type is the kind of policy a document is used as. It decides which
// elements the document may contain (a trust policy needs a Principal, an
// identity-based policy must not have one) and how evaluation treats it.
type Type uint8

// The policy types AWS evaluates.
const (
	Identity Type = iota // identity-based policy of a user, group or role
	Resource             // resource-based policy (bucket policy, key policy, …)
	Boundary             // permissions boundary
	SCP                  // AWS Organizations service control policy
	RCP                  // AWS Organizations resource control policy
	Session              // session policy passed when a session was created
	Trust                // role trust policy, the resource policy of sts:AssumeRole
	Endpoint             // VPC endpoint policy
)

var typeNames = [...]string{"identity", "resource", "permissionsBoundary", "scp", "rcp", "session", "trust", "vpcEndpoint"}
var typeTitles = [...]string{"identity-based policy", "resource-based policy", "permissions boundary", "service control policy", "resource control policy", "session policy", "role trust policy", "VPC endpoint policy"}

// String is the type's stable identifier ("identity", "scp", …).
func (t Type) String() string {
	if int(t) < len(typeNames) {
		return typeNames[t]
	}
	return "unknown"
}

// Title is the type's name in prose ("service control policy").
func (t Type) Title() string {
	if int(t) < len(typeTitles) {
		return typeTitles[t]
	}
	return "policy"
}

// MarshalText encodes the type as its identifier.
func (t Type) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// Effect is Allow or Deny.
type Effect uint8

// The two effects.
const (
	Allow Effect = iota
	Deny
)

// String returns "Allow" or "Deny".
func (e Effect) String() string {
	if e == Deny {
		return "Deny"
	}
	return "Allow"
}

// Policy is a parsed, validated and compiled policy document. Every element
// keeps its span in Source.
type Policy struct {
	Name       string
	Type       Type
	Source     *Source
	Version    string // "2012-10-17", "2008-10-17" or "" when absent
	ID         string
	Statements []*Statement
	Span       Span
	// Vars is true when policy variables are substituted: AWS does so only
	// for Version 2012-10-17.
	Vars bool
	// Tests is the number of Principal elements and conditions in its
	// statements, set by Parse: with each statement's Action and Resource,
	// what evaluating it tests.
	Tests int
	// Table is what evaluation reads of the statements, laid out flat (see
	// Table), set by Parse; nil for a policy made otherwise, or whose
	// statements cannot have one. It describes Statements as parsed: a
	// caller that changes them must drop it.
	Table *Table
}

// Statement is one statement of a policy.
type Statement struct {
	Index      int // position in the policy, from 0
	Sid        string
	Effect     Effect
	Principal  *Principal // nil when neither Principal nor NotPrincipal is present
	Actions    Actions
	Resources  *Resources // nil when neither Resource nor NotResource is present
	Conditions []*Condition
	Span       Span
	EffectSpan Span
}

// Label names the statement for people: its Sid, or "statement N" (from 1).
func (s *Statement) Label() string {
	if s.Sid != "" {
		return s.Sid
	}
	return "statement " + strconv.Itoa(s.Index+1)
}

// Value is a string of the policy with its span.
type Value struct {
	Text string
	Span Span
}

// Actions is the Action or NotAction element.
type Actions struct {
	Not   bool
	Items []Action
	Span  Span // the whole element, key included
}

// Action is one action pattern such as "s3:Get*"; matching ignores case.
type Action struct {
	Value
	Pattern match.Pattern // compiled from the lower-cased text
}

// Resources is the Resource or NotResource element.
type Resources struct {
	Not   bool
	Items []ResourcePattern
	Span  Span
}

// ResourcePattern is one resource ARN pattern; matching is case-sensitive.
type ResourcePattern struct {
	Value
	Any     bool             // the pattern is "*"
	Pattern match.ARNPattern // compiled pattern when it holds no variables
	Tmpl    *Template        // non-nil when the pattern holds policy variables
}

// Principal is the Principal or NotPrincipal element.
type Principal struct {
	Not   bool
	Any   bool // "*" or {"AWS": "*"}
	Items []PrincipalID
	Span  Span
}

// PrincipalID is one principal named in a Principal element.
type PrincipalID struct {
	Value
	Kind string // "AWS", "Service", "Federated" or "CanonicalUser"
	// For Kind "AWS", the principal in canonical form: Account is the 12-digit
	// account id; ARN is the full ARN ("arn:aws:iam::111122223333:root" for an
	// account id); Any is true for "*".
	Account string
	ARN     string
	Any     bool
}

// Condition is one operator–key test of a Condition element, such as
// "StringEquals": {"aws:PrincipalTag/team": ["payments", "catalog"]}.
type Condition struct {
	Operator cond.Operator
	OpSpan   Span
	Key      Value  // as written
	KeyLower string // lower-cased: condition keys ignore case
	Values   []Value
	// VarKeys are the context keys the values' policy variables refer to,
	// as written (substituted only with Version 2012-10-17).
	VarKeys []string
	Test    *cond.Test
	Span    Span
}
