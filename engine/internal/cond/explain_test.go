package cond

import (
	"reflect"
	"strings"
	"testing"
)

func TestExplainNotes(t *testing.T) {
	cases := []struct {
		name    string
		op      string
		key     string
		policy  []string
		req     []string
		result  bool
		note    string // substring
		matches []Match
		badReq  []int
	}{
		{"IfExists treats a missing key as true", "BoolIfExists", "aws:MultiFactorAuthPresent", one("true"), missing, true,
			"key aws:MultiFactorAuthPresent is missing: BoolIfExists treats a missing key as true", nil, nil},
		{"missing key makes a positive operator false", "StringEquals", "aws:PrincipalTag/team", one("dev"), missing, false,
			"key aws:PrincipalTag/team is missing: StringEquals is false when the key is missing", nil, nil},
		{"missing key makes a negated operator true", "StringNotLike", "s3:prefix", one("home/*"), missing, true,
			"negated operator", nil, nil},
		{"ForAllValues is vacuously true", "ForAllValues:StringEquals", "aws:TagKeys", one("a"), missing, true,
			`add Null "false" to require the key`, nil, nil},
		{"ForAnyValue needs a value", "ForAnyValue:StringEquals", "aws:TagKeys", one("a"), []string{}, false,
			"present with no values, which counts as missing: ForAnyValue:StringEquals needs at least one request value", nil, nil},
		{"Null true and a missing key", "Null", "aws:TokenIssueTime", one("true"), missing, true,
			`Null "true" requires the key to be absent`, nil, nil},
		{"Null true and a present key", "Null", "aws:TokenIssueTime", one("true"), one("2026-01-01T00:00:00Z"), false,
			`key aws:TokenIssueTime is present: Null "true" requires the key to be absent`, nil, nil},
		{"single value match", "StringLike", "s3:prefix", []string{"", "home/", "home/*"}, one("home/alice"), true,
			`request value "home/alice" matches policy value "home/*"`, []Match{{0, 2}}, nil},
		{"single value, negated, matching", "StringNotEquals", "aws:RequestTag/env", []string{"prod", "test"}, one("test"), false,
			`matches policy value "test", so StringNotEquals is false`, []Match{{0, 1}}, nil},
		{"single value, negated, not matching", "StringNotEquals", "aws:RequestTag/env", []string{"prod", "test"}, one("dev"), true,
			"matches none of the policy values, so StringNotEquals is true", nil, nil},
		{"bad request value", "IpAddress", "aws:SourceIp", one("10.0.0.0/8"), one("not-an-ip"), false,
			`request value "not-an-ip" is not an IP address, so it satisfies neither IpAddress nor its negation`, nil, []int{0}},
		{"multivalued key without qualifier, positive", "StringEquals", "aws:TagKeys", []string{"a"}, []string{"x", "a"}, true,
			"has 2 values and StringEquals has no ForAnyValue:/ForAllValues: qualifier: it is true if any request value matches", []Match{{1, 0}}, nil},
		{"multivalued key without qualifier, negated", "StringNotEquals", "aws:TagKeys", []string{"a"}, []string{"x", "a"}, false,
			"it is true only if no request value matches a policy value", []Match{{1, 0}}, nil},
		{"ForAllValues names the failing value", "ForAllValues:StringLike", "aws:TagKeys", []string{"team*", "env"}, []string{"team-a", "owner", "env"}, false,
			`request value "owner" does not satisfy StringLike, and ForAllValues requires every request value to`, []Match{{0, 0}, {2, 1}}, nil},
		{"ForAllValues all satisfied", "ForAllValues:StringLike", "aws:TagKeys", []string{"team*", "env"}, []string{"team-a", "env"}, true,
			"each of the 2 request values satisfies StringLike", []Match{{0, 0}, {1, 1}}, nil},
		{"ForAnyValue names the matching value", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"owner"}, []string{"env", "owner"}, true,
			`request value "owner" satisfies StringEquals, which is enough for ForAnyValue`, []Match{{1, 0}}, nil},
		{"ForAnyValue none", "ForAnyValue:StringEquals", "aws:TagKeys", []string{"owner"}, []string{"env"}, false,
			"none of the 1 request value satisfies StringEquals", nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tst := compileStatic(t, tc.op, tc.policy...)
			e := tst.Explain(nil, tc.key, tc.req, tc.req != nil)
			if e.Result != tc.result {
				t.Errorf("Result = %v, want %v", e.Result, tc.result)
			}
			if !strings.Contains(e.Note, tc.note) {
				t.Errorf("Note = %q\nwant it to contain %q", e.Note, tc.note)
			}
			if !reflect.DeepEqual(e.Matches, tc.matches) {
				t.Errorf("Matches = %v, want %v", e.Matches, tc.matches)
			}
			if !reflect.DeepEqual(e.BadRequest, tc.badReq) {
				t.Errorf("BadRequest = %v, want %v", e.BadRequest, tc.badReq)
			}
			if !reflect.DeepEqual(e.PolicyValues, tc.policy) {
				t.Errorf("PolicyValues = %q", e.PolicyValues)
			}
		})
	}
}

func TestExplainPolicyValuesAfterSubstitution(t *testing.T) {
	ctx := mapCtx{"aws:username": {"alice"}}
	tst := compileValues(t, "StringLike", Value{Text: "static/*"}, tmpl("home/${aws:username}/*"))
	e := tst.Explain(ctx, "s3:prefix", one("home/alice/x"), true)
	if want := []string{"static/*", "home/alice/*"}; !reflect.DeepEqual(e.PolicyValues, want) {
		t.Errorf("PolicyValues = %q, want %q", e.PolicyValues, want)
	}
	if !e.Result || !reflect.DeepEqual(e.Matches, []Match{{0, 1}}) {
		t.Errorf("Result = %v, Matches = %v", e.Result, e.Matches)
	}
}
