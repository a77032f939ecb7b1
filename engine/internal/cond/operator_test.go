package cond

import (
	"errors"
	"strings"
	"testing"
)

func TestParseOperatorValid(t *testing.T) {
	cases := []struct {
		name      string
		base      Base
		ifExists  bool
		set       Set
		negated   bool
		variables bool
	}{
		{"StringEquals", StringEquals, false, None, false, true},
		{"StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase, false, None, true, true},
		{"StringLikeIfExists", StringLike, true, None, false, true},
		{"ForAllValues:StringLike", StringLike, false, ForAllValues, false, true},
		{"ForAnyValue:StringNotLikeIfExists", StringNotLike, true, ForAnyValue, true, true},
		{"NumericLessThanEquals", NumericLessThanEquals, false, None, false, false},
		{"NumericNotEqualsIfExists", NumericNotEquals, true, None, true, false},
		{"DateGreaterThan", DateGreaterThan, false, None, false, false},
		{"DateNotEquals", DateNotEquals, false, None, true, false},
		{"Bool", Bool, false, None, false, true},
		{"BoolIfExists", Bool, true, None, false, true},
		{"ForAnyValue:Bool", Bool, false, ForAnyValue, false, true},
		{"BinaryEquals", BinaryEquals, false, None, false, false},
		{"IpAddress", IpAddress, false, None, false, false},
		{"NotIpAddressIfExists", NotIpAddress, true, None, true, false},
		{"ArnEquals", ArnEquals, false, None, false, true},
		{"ArnNotLike", ArnNotLike, false, None, true, true},
		{"ForAllValues:ArnLike", ArnLike, false, ForAllValues, false, true},
		{"Null", Null, false, None, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			op, err := ParseOperator(tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if op.Base != tc.base || op.IfExists != tc.ifExists || op.Set != tc.set {
				t.Errorf("got %+v", op)
			}
			if op.Negated() != tc.negated {
				t.Errorf("Negated = %v", op.Negated())
			}
			if op.SupportsVariables() != tc.variables {
				t.Errorf("SupportsVariables = %v", op.SupportsVariables())
			}
			if op.String() != tc.name || op.Name != tc.name {
				t.Errorf("String = %q, Name = %q", op.String(), op.Name)
			}
		})
	}
}

// Every base operator parses with every qualifier and IfExists, except
// that "You can add IfExists to the end of any condition operator name
// except the Null condition".
func TestParseOperatorAllCombinations(t *testing.T) {
	for b := Base(0); b < numBases; b++ {
		for _, set := range []Set{None, ForAnyValue, ForAllValues} {
			for _, ifx := range []bool{false, true} {
				want := Operator{Base: b, Set: set, IfExists: ifx}
				name := want.String()
				op, err := ParseOperator(name)
				if b == Null && (ifx || set != None) {
					if err == nil {
						t.Errorf("%s: want error", name)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				want.Name = name
				if op != want {
					t.Errorf("%s: got %+v", name, op)
				}
			}
		}
	}
}

func TestParseOperatorErrors(t *testing.T) {
	cases := []struct {
		name       string
		suggestion string
		reason     string // substring of the message
	}{
		{"stringequals", "StringEquals", "case-sensitive"},
		{"stringEquals", "StringEquals", "case-sensitive"}, // AWS: "Invalid Condition type : stringEquals"
		{"IPAddress", "IpAddress", "case-sensitive"},
		{"StringEqual", "StringEquals", "unknown condition operator"},
		{"StringEqualsIgnorecase", "StringEqualsIgnoreCase", "case-sensitive"},
		{"ArnLikeIfexists", "ArnLikeIfExists", "case-sensitive"},
		{"forAnyValue:StringLike", "ForAnyValue:StringLike", "case-sensitive"},
		{"ForAnyValues:StringLike", "ForAnyValue:StringLike", "unknown condition operator"},
		{"ForAllValue:stringlike", "ForAllValues:StringLike", "unknown condition operator"},
		{"NumericLessThanEqual", "NumericLessThanEquals", "unknown condition operator"},
		{"NullIfExists", "Null", "IfExists is not allowed with Null"},
		{"ForAllValues:Null", "Null", "cannot qualify Null"},
		{"Bogus", "", "unknown condition operator \"Bogus\""},
		{"", "", "empty"},
		{"ForEachValue:Whatever", "", "unknown condition operator"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseOperator(tc.name)
			if err == nil {
				t.Fatal("want error")
			}
			var oe *OperatorError
			if !errors.As(err, &oe) {
				t.Fatalf("error %T is not *OperatorError", err)
			}
			if oe.Suggestion != tc.suggestion {
				t.Errorf("Suggestion = %q, want %q (%v)", oe.Suggestion, tc.suggestion, err)
			}
			if !strings.Contains(err.Error(), tc.reason) {
				t.Errorf("error %q does not contain %q", err, tc.reason)
			}
		})
	}
}
