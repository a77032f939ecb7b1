// Package awssim speaks the shapes of AWS's IAM policy simulator: it reads
// the --cli-input-json of `aws iam simulate-custom-policy` and
// `aws iam simulate-principal-policy`, evaluates every action × resource
// with package engine, and answers in the simulator's EvaluationResults
// shape. It also writes any evaluation input back as the equivalent
// simulate-custom-policy command, saying what that command cannot express.
//
// The shapes follow the IAM API Reference: SimulateCustomPolicy,
// SimulatePrincipalPolicy, ContextEntry, EvaluationResult,
// ResourceSpecificResult, Statement, Position.
package awssim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// MaxActions and MaxResources bound one simulation (AWS itself pages the
// results; the playground answers them all at once).
const (
	MaxActions   = 200
	MaxResources = 200
)

// Request is a simulator request: the fields of SimulateCustomPolicy and
// SimulatePrincipalPolicy, as `aws iam … --cli-input-json` takes them.
type Request struct {
	// PolicySourceArn is the user, group or role whose policies
	// SimulatePrincipalPolicy simulates; empty for SimulateCustomPolicy.
	PolicySourceArn                    string         `json:"PolicySourceArn,omitempty"`
	PolicyInputList                    []string       `json:"PolicyInputList,omitempty"`
	PermissionsBoundaryPolicyInputList []string       `json:"PermissionsBoundaryPolicyInputList,omitempty"`
	ActionNames                        []string       `json:"ActionNames"`
	ResourceArns                       []string       `json:"ResourceArns,omitempty"`
	ResourcePolicy                     string         `json:"ResourcePolicy,omitempty"`
	ResourceOwner                      string         `json:"ResourceOwner,omitempty"`
	CallerArn                          string         `json:"CallerArn,omitempty"`
	ContextEntries                     []ContextEntry `json:"ContextEntries,omitempty"`
	ResourceHandlingOption             string         `json:"ResourceHandlingOption,omitempty"`
	MaxItems                           int            `json:"MaxItems,omitempty"`
	Marker                             string         `json:"Marker,omitempty"`
}

// ContextEntry is one context key with its values and their type.
type ContextEntry struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}

// Error is a problem with a simulator request, at a line and column of the
// file or at a field path such as ContextEntries[2].ContextKeyType.
type Error struct {
	File  string
	Pos   policy.Pos // set for problems located in the text
	Field string     // set for problems of one field
	Msg   string
}

func (e *Error) Error() string {
	s := e.File
	if e.Pos.IsValid() {
		s += ":" + e.Pos.String()
	}
	if e.Field != "" {
		s += ": " + e.Field
	}
	return s + ": " + e.Msg
}

// Errors is every problem found.
type Errors []error

func (l Errors) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// unknownField reads the field name of encoding/json's "unknown field"
// error.
func unknownField(msg string) (string, bool) {
	const pre = `unknown field "`
	i := strings.Index(msg, pre)
	if i < 0 {
		return "", false
	}
	rest := msg[i+len(pre):]
	j := strings.LastIndexByte(rest, '"')
	if j < 0 {
		return "", false
	}
	return rest[:j], true
}

// ParseRequest reads a simulator request. Unknown fields are errors, as a
// typo would otherwise change the question silently.
func ParseRequest(name string, src []byte) (*Request, error) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(src) > policy.MaxSize*4 {
		return nil, &Error{File: name, Msg: "the request is " + strconv.Itoa(len(src)) + " bytes; the largest accepted is " + strconv.Itoa(policy.MaxSize*4)}
	}
	srcText := policy.NewSource(name, string(src))
	d := json.NewDecoder(bytes.NewReader(src))
	d.DisallowUnknownFields()
	var r Request
	if err := d.Decode(&r); err != nil {
		e := &Error{File: name, Msg: strings.TrimPrefix(err.Error(), "json: ")}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			e.Pos = srcText.Pos(int(se.Offset) - 1) // Offset is just past the bad byte
		case errors.As(err, &te):
			e.Pos = srcText.Pos(int(te.Offset))
			e.Field = te.Field
			e.Msg = "must be " + jsonKind(te.Type.String()) + ", not " + te.Value
		default:
			if f, ok := unknownField(err.Error()); ok {
				if i := bytes.Index(src, []byte(strconv.Quote(f))); i >= 0 {
					e.Pos = srcText.Pos(i)
				}
				e.Msg = "unknown field " + strconv.Quote(f) + " (a simulate-custom-policy or simulate-principal-policy field is expected)"
			}
		}
		return nil, e
	}
	if d.More() {
		return nil, &Error{File: name, Pos: srcText.Pos(int(d.InputOffset())), Msg: "text after the request"}
	}
	if errs := r.check(name); len(errs) > 0 {
		return nil, errs
	}
	return &r, nil
}

func jsonKind(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "int"):
		return "a number"
	}
	return "an object"
}

func (r *Request) check(file string) Errors {
	var errs Errors
	bad := func(field, msg string) { errs = append(errs, &Error{File: file, Field: field, Msg: msg}) }
	if len(r.ActionNames) == 0 {
		bad("ActionNames", "give at least one action to simulate, such as \"s3:GetObject\"")
	}
	if len(r.ActionNames) > MaxActions {
		bad("ActionNames", fmt.Sprintf("%d actions; the most accepted is %d", len(r.ActionNames), MaxActions))
	}
	if len(r.ResourceArns) > MaxResources {
		bad("ResourceArns", fmt.Sprintf("%d resources; the most accepted is %d", len(r.ResourceArns), MaxResources))
	}
	if r.PolicySourceArn == "" && len(r.PolicyInputList) == 0 {
		bad("PolicyInputList", "simulate-custom-policy needs at least one policy in PolicyInputList")
	}
	if r.ResourcePolicy != "" && r.CallerArn == "" {
		bad("CallerArn", "required with a ResourcePolicy, so that the policy's Principal element has a caller to match (AWS requires it too)")
	}
	if r.ResourceOwner != "" && ownerAccount(r.ResourceOwner) == "" {
		bad("ResourceOwner", "must be an account id or an account ARN such as arn:aws:iam::111122223333:root")
	}
	for i, ce := range r.ContextEntries {
		at := "ContextEntries[" + strconv.Itoa(i) + "]"
		if ce.ContextKeyName == "" {
			bad(at+".ContextKeyName", "missing")
			continue
		}
		if err := checkType(ce); err != "" {
			bad(at+".ContextKeyValues", err)
		}
	}
	return errs
}

// ownerAccount reads ResourceOwner: an account id or an account's ARN.
func ownerAccount(s string) string {
	if policy.IsAccountID(s) {
		return s
	}
	if p := strings.Split(s, ":"); len(p) == 6 && p[0] == "arn" && policy.IsAccountID(p[4]) {
		return p[4]
	}
	return ""
}

var contextTypes = map[string]bool{"string": true, "numeric": true, "boolean": true, "ip": true, "binary": true, "date": true}

// checkType checks the values against ContextKeyType.
func checkType(ce ContextEntry) string {
	t := strings.TrimSuffix(ce.ContextKeyType, "List")
	if ce.ContextKeyType == "" {
		t = "string"
	}
	if !contextTypes[t] {
		return "ContextKeyType " + strconv.Quote(ce.ContextKeyType) + " is not one of string, numeric, boolean, ip, binary, date (or their List forms)"
	}
	if !strings.HasSuffix(ce.ContextKeyType, "List") && len(ce.ContextKeyValues) > 1 {
		return "a " + t + " key takes one value; use " + t + "List for several"
	}
	for _, v := range ce.ContextKeyValues {
		ok := true
		switch t {
		case "numeric":
			_, err := strconv.ParseFloat(v, 64)
			ok = err == nil
		case "boolean":
			ok = v == "true" || v == "false"
		case "ip":
			_, err := netip.ParsePrefix(v)
			_, err2 := netip.ParseAddr(v)
			ok = err == nil || err2 == nil
		case "date":
			_, err := time.Parse(time.RFC3339, v)
			_, err2 := strconv.ParseInt(v, 10, 64)
			ok = err == nil || err2 == nil
		}
		if !ok {
			return strconv.Quote(v) + " is not a " + t + " value"
		}
	}
	return ""
}

// Context converts the entries to the engine's request context.
func (r *Request) Context() map[string]engine.ContextValue {
	if len(r.ContextEntries) == 0 {
		return nil
	}
	ctx := make(map[string]engine.ContextValue, len(r.ContextEntries))
	for _, ce := range r.ContextEntries {
		ctx[ce.ContextKeyName] = engine.ContextValue{Values: append([]string(nil), ce.ContextKeyValues...), Multi: strings.HasSuffix(ce.ContextKeyType, "List")}
	}
	return ctx
}
