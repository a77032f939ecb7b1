package share

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/iamplayground/iamplay/engine"
)

// Limits on a state read from a link, the same as the page's
// (site/src/limits.js; a test checks they agree), so that a small link
// cannot cost a reader seconds or gigabytes.
const (
	// MaxState is the largest decoded state, in bytes of JSON.
	MaxState = 4 << 20
	// MaxLevels, MaxPolicies, MaxStatements and MaxContextKeys are the
	// engine's own limits on an input (engine/limits.go).
	MaxLevels      = engine.MaxLevels
	MaxPolicies    = engine.MaxPolicies
	MaxStatements  = engine.MaxStatements
	MaxContextKeys = engine.MaxContextKeys
)

// ErrLimit is a state over one of the limits.
var ErrLimit = errors.New("the link holds more than the playground takes")

// inputShape is what the limits look at in a flat input; other fields and
// shapes are left to engine.ParseInput to report.
type inputShape struct {
	Policies struct {
		Identity            []json.RawMessage `json:"identity"`
		Resource            json.RawMessage   `json:"resource"`
		PermissionsBoundary json.RawMessage   `json:"permissionsBoundary"`
		Session             json.RawMessage   `json:"session"`
		VPCEndpoint         json.RawMessage   `json:"vpcEndpoint"`
		SCP                 []json.RawMessage `json:"scp"`
		RCP                 []json.RawMessage `json:"rcp"`
	} `json:"policies"`
	Request struct {
		Context map[string]json.RawMessage `json:"context"`
	} `json:"request"`
}

// checkLimits returns an error wrapping ErrLimit when an input has more
// levels, policies, statements or context keys than the limits allow.
func checkLimits(input json.RawMessage) error {
	var in inputShape
	_ = json.Unmarshal(input, &in) // a field of another type is skipped; the engine reports it
	p := in.Policies
	pols := append([]json.RawMessage(nil), p.Identity...)
	for _, single := range []json.RawMessage{p.Resource, p.PermissionsBoundary, p.Session, p.VPCEndpoint} {
		if len(single) > 0 && string(single) != "null" {
			pols = append(pols, single)
		}
	}
	for _, org := range []struct {
		kind   string
		levels []json.RawMessage
	}{{"SCP", p.SCP}, {"RCP", p.RCP}} {
		if len(org.levels) > MaxLevels {
			return fmt.Errorf("%w: %d %s levels; an organization has at most %d (the root, 5 levels of OUs and the account)", ErrLimit, len(org.levels), org.kind, MaxLevels)
		}
		for _, lvl := range org.levels {
			var list []json.RawMessage
			if json.Unmarshal(lvl, &list) == nil {
				pols = append(pols, list...)
			}
		}
	}
	if len(pols) > MaxPolicies {
		return fmt.Errorf("%w: %d policies; the playground takes at most %d", ErrLimit, len(pols), MaxPolicies)
	}
	statements := 0
	for _, pol := range pols {
		statements += statementsIn(pol)
	}
	if statements > MaxStatements {
		return fmt.Errorf("%w: %d statements in all; the playground takes at most %d", ErrLimit, statements, MaxStatements)
	}
	if n := len(in.Request.Context); n > MaxContextKeys {
		return fmt.Errorf("%w: %d context keys; the playground takes at most %d", ErrLimit, n, MaxContextKeys)
	}
	return nil
}

// statementsIn counts a policy's statements: a document, a named
// {"name", "document"}, or either as a JSON string. What is not a policy
// counts as one.
func statementsIn(pol json.RawMessage) int {
	var named struct {
		Document json.RawMessage `json:"document"`
	}
	if json.Unmarshal(pol, &named) == nil && len(named.Document) > 0 {
		pol = named.Document
	}
	var text string
	if json.Unmarshal(pol, &text) == nil {
		pol = json.RawMessage(text)
	}
	var doc struct {
		Statement json.RawMessage `json:"Statement"`
	}
	if json.Unmarshal(pol, &doc) != nil {
		return 1
	}
	var list []json.RawMessage
	if json.Unmarshal(doc.Statement, &list) == nil {
		return len(list)
	}
	return 1
}
