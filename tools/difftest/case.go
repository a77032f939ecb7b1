package main

import (
	"encoding/json"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Doc is a policy document the generator builds and the minimiser shrinks.
type Doc struct {
	Version   string  `json:"Version"`
	Statement []*Stmt `json:"Statement"`
}

// Stmt is one statement. Principal is "*" or a map of principal type to
// values; Condition maps an operator to keys to values.
type Stmt struct {
	Sid          string                         `json:"Sid,omitempty"`
	Effect       string                         `json:"Effect"`
	Principal    any                            `json:"Principal,omitempty"`
	NotPrincipal any                            `json:"NotPrincipal,omitempty"`
	Action       []string                       `json:"Action,omitempty"`
	NotAction    []string                       `json:"NotAction,omitempty"`
	Resource     []string                       `json:"Resource,omitempty"`
	NotResource  []string                       `json:"NotResource,omitempty"`
	Condition    map[string]map[string][]string `json:"Condition,omitempty"`
}

// Policies mirrors the "policies" object of the `iamplay eval` input.
type Policies struct {
	Identity            []*Doc   `json:"identity,omitempty"`
	Resource            *Doc     `json:"resource,omitempty"`
	PermissionsBoundary *Doc     `json:"permissionsBoundary,omitempty"`
	SCP                 [][]*Doc `json:"scp,omitempty"`
	RCP                 [][]*Doc `json:"rcp,omitempty"`
	Session             *Doc     `json:"session,omitempty"`
	VPCEndpoint         *Doc     `json:"vpcEndpoint,omitempty"`
}

// Request mirrors the "request" object of the input. A context value is a
// string or a list of strings.
type Request struct {
	Principal     string         `json:"principal"`
	Action        string         `json:"action"`
	Resource      string         `json:"resource"`
	ResourceOwner string         `json:"resourceOwner,omitempty"`
	Context       map[string]any `json:"context,omitempty"`
}

// Case is one generated question in the `iamplay eval` input format.
type Case struct {
	Name     string   `json:"name,omitempty"`
	Policies Policies `json:"policies"`
	Request  Request  `json:"request"`
	Expect   string   `json:"expect,omitempty"`
}

// JSON encodes the case as an eval input.
func (c *Case) JSON() []byte {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // only strings, slices and maps: cannot fail
	}
	return b
}

// Clone returns a deep copy, for the minimiser to change.
func (c *Case) Clone() *Case {
	var out Case
	if err := json.Unmarshal(c.JSON(), &out); err != nil {
		panic(err)
	}
	return &out
}

// EvalEngine evaluates the case with the engine in process. The answer is
// a decision identifier, or "error: …" when the engine rejects the input.
func EvalEngine(c *Case) string {
	return evalEngineJSON(c.JSON())
}

func evalEngineJSON(src []byte) string {
	in, errs := engine.ParseInput("case", src)
	for _, e := range errs {
		if e.Severity == policy.SevError {
			return "error: " + e.Code + ": " + firstLine(e.Msg)
		}
	}
	p, err := in.Prepare()
	if err != nil {
		return "error: " + err.Error()
	}
	return engine.Evaluate(&in.Policies, p, engine.Options{}).Decision.String()
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
