package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// Rule is one adjudicated area: a predicate over a case's Features, the AWS
// documentation it rests on, and which evaluator the documentation says is
// right there. Cases in the area are left out of the agreement figure (by
// rule, never by case), and the regression sample expects the documented
// decision in them: the engine's when the rule says the engine is right.
type Rule struct {
	ID string `json:"id"`
	// What AWS documents, in a sentence, and where.
	Rule string `json:"rule"`
	Doc  string `json:"doc"`
	// Right is "engine" (the simulator departs from the documentation).
	Right string `json:"right"`
	// The predicate: every feature of All, at least one of Any (when
	// given), none of None. A feature ending in "%" matches by prefix.
	All  []string `json:"all"`
	Any  []string `json:"any,omitempty"`
	None []string `json:"none,omitempty"`
	// Confirmed is false while the lead has not confirmed the draft.
	Confirmed bool `json:"confirmed"`
}

// LoadRules reads the adjudication list.
func LoadRules(path string) ([]Rule, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rules []Rule
	if err := json.Unmarshal(b, &rules); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, r := range rules {
		if r.ID == "" || r.Doc == "" || r.Right != "engine" || len(r.All)+len(r.Any) == 0 {
			return nil, fmt.Errorf("%s: rule %d needs an id, a doc, right \"engine\" and a predicate", path, i+1)
		}
	}
	return rules, nil
}

// Matches reports whether a case with these features is in the rule's area.
func (r *Rule) Matches(fs []string) bool {
	for _, f := range r.All {
		if !featureIn(fs, f) {
			return false
		}
	}
	if len(r.Any) > 0 {
		ok := false
		for _, f := range r.Any {
			ok = ok || featureIn(fs, f)
		}
		if !ok {
			return false
		}
	}
	for _, f := range r.None {
		if featureIn(fs, f) {
			return false
		}
	}
	return true
}

func featureIn(fs []string, f string) bool {
	if p, ok := strings.CutSuffix(f, "%"); ok {
		for _, x := range fs {
			if strings.HasPrefix(x, p) {
				return true
			}
		}
		return false
	}
	return hasFeature(fs, f)
}

// Area returns the first rule whose area holds the case, or nil.
func Area(rules []Rule, c *Case) *Rule {
	fs := Features(c)
	for i := range rules {
		if rules[i].Matches(fs) {
			return &rules[i]
		}
	}
	return nil
}
