package lint

import (
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
)

// conditions checks each condition's key and operator.
//
// IAM User Guide, "Single-valued vs. multivalued context keys": "Use the
// ForAllValues and ForAnyValue set operators with multivalued context keys"
// and not with single-valued ones; "ForAllValues … also returns true if
// there are no context keys in the request", so an Allow with it needs a
// Null check. Global condition keys ("AWS global condition context keys")
// are available to every action.
func (l *linter) conditions(s *stmt) {
	for _, c := range s.Conditions {
		if c.Operator.Base.String() == "Null" && c.Key.Text != "" {
			l.keyKnown(c.Key)
			continue
		}
		k := l.keyKnown(c.Key)
		if k == nil {
			continue
		}
		l.keySupported(s, c, k)
		set := c.Operator.Set.String()
		switch {
		case k.Type == "":
		case k.Multivalued() && set == "":
			l.add(c.OpSpan, "condition.missingSet", k.Name+" is multivalued ("+k.Type+"): "+c.Operator.String()+" without ForAnyValue: or ForAllValues: does not say how to compare a set of values; write ForAnyValue:"+c.Operator.String()+" or ForAllValues:"+c.Operator.String())
		case !k.Multivalued() && set != "":
			l.add(c.OpSpan, "condition.setOnSingleValued", k.Name+" is single-valued ("+k.Type+"): "+set+": is meant for multivalued keys; drop it and write "+strings.TrimPrefix(c.Operator.String(), set+":"))
		}
		if set == "ForAllValues" && s.Effect == policy.Allow && !nullGuard(s.Statement, c.KeyLower) {
			l.add(c.OpSpan, "condition.forAllValuesAllow", "ForAllValues: is true when the request has no "+c.Key.Text+" at all, so this Allow also applies to requests without it; add \"Null\": {\""+c.Key.Text+"\": \"false\"}")
		}
	}
}

// keyKnown returns the catalog's key for a condition's key, reporting an
// unknown one.
func (l *linter) keyKnown(v policy.Value) *catalog.ConditionKey {
	if k := l.cat.ConditionKey(v.Text); k != nil {
		return k
	}
	msg := "no AWS service defines the condition key " + q(v.Text) + ", so requests never carry it"
	if d := l.cat.SuggestKey(v.Text); d != "" {
		msg += "; did you mean " + q(d) + "?"
	}
	l.add(v.Span, "condition.unknownKey", msg)
	return nil
}

// keySupported reports a service key that no action of the statement
// supports: requests for those actions never carry it.
func (l *linter) keySupported(s *stmt, c *policy.Condition, k *catalog.ConditionKey) {
	if k.Global || s.Actions.Not || s.any || s.unknown {
		return
	}
	for _, as := range s.actions {
		for _, a := range as {
			if a.Supports(k) {
				return
			}
		}
	}
	l.add(c.Key.Span, "condition.unsupportedKey", "no action of this statement supports "+k.Name+", so requests for them never carry it")
}

// nullGuard reports whether the statement also requires the key to be
// present: "Null": {key: "false"}.
func nullGuard(s *policy.Statement, key string) bool {
	for _, c := range s.Conditions {
		if c.KeyLower == key && c.Operator.Base.String() == "Null" {
			for _, v := range c.Values {
				if strings.EqualFold(v.Text, "false") {
					return true
				}
			}
		}
	}
	return false
}
