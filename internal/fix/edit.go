// Package fix proposes the smallest edits that flip a decision, and says
// for an implicit deny where an allow would have to come from ("why not?").
//
// Every suggestion is checked: the edited policies are parsed again and the
// request evaluated with package engine (the decision must flip), each
// edited policy is checked with package lint (no new error or security
// finding), and no suggestion adds an Allow of every action on every
// resource. Suggestions are ranked by how little they grant.
package fix

import (
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Edit is one change: to one policy, or to the request's context.
type Edit struct {
	// Kind is addStatement, addPolicy, narrowStatement, removeStatement,
	// removePolicy or addContext (joined with "+" when one policy gets two).
	Kind string `json:"kind"`
	// Stage is the step of AWS's flow the edit is for: identity, boundary,
	// session, scp, vpcEndpoint, resource (a trust or key policy too).
	Stage string `json:"stage"`
	// Level is the organization level (from 1) of an SCP edit.
	Level   int         `json:"level,omitempty"`
	Policy  string      `json:"policy,omitempty"`
	Type    policy.Type `json:"type"`
	Summary string      `json:"summary"`
	// Before and After are the policy's document, indented; Before is empty
	// for a new policy and After for a removed one.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
	// Key and Values are the context key an addContext edit supplies.
	Key    string   `json:"key,omitempty"`
	Values []string `json:"values,omitempty"`
	// Grants measures how much the edit grants: 0 for a context value or a
	// new Deny, 1 for an Allow of one action on one resource, more for
	// removing a wide Deny.
	Grants int `json:"grants"`
	// Original is the policy as parsed (nil for a new policy), whose span
	// places the edit in the user's file (see Patch).
	Original *policy.Policy `json:"-"`
}

// Diff is the edit as a unified diff of the policy document.
func (e *Edit) Diff() string {
	if e.Kind == "addContext" {
		return ""
	}
	return unified(e.Policy, e.Before, e.After)
}

// Fix is one suggestion: the edits that, made together, flip the decision.
type Fix struct {
	Summary string   `json:"summary"`
	Edits   []*Edit  `json:"edits"`
	Grants  int      `json:"grants"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Diffs   []string `json:"diffs"`
	// Policies and Request are the state with the edits made, as the engine
	// judged it.
	Policies *engine.Policies `json:"-"`
	Request  engine.Request   `json:"-"`
}

// FilePatch is the change of a file from before to after as a unified diff
// with three lines of context, headed a/PATH and b/PATH as git apply reads.
func FilePatch(path, before, after string) string {
	return unifiedFiles("a/"+path, "b/"+path, before, after)
}
