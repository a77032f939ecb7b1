package cond

import "testing"

// The request states of the matrices: the key missing, present with no
// values, and present with one or several values. The policy value is "a".
var matrixReqs = []struct {
	name string
	vals []string
}{
	{"missing", nil},
	{"empty", []string{}},
	{"[a]", []string{"a"}},
	{"[x]", []string{"x"}},
	{"[a,x]", []string{"a", "x"}},
	{"[x,y]", []string{"x", "y"}},
}

// TestMissingKeyIfExistsSetMatrix checks every combination of negation,
// IfExists and set qualifier against the request states above. Rules:
//
//   - "If the key that you specify in a policy condition is not present in
//     the request context, the values do not match and the condition is
//     false. If the policy condition requires that the key is not matched,
//     such as StringNotLike or ArnNotLike, and the right key is not present,
//     the condition is true."
//   - IfExists: "If the key is not present, evaluate the condition element
//     as true."
//   - "ForAnyValue – The condition returns true if any one of the key values
//     in the request matches any one of the condition values in the policy";
//     "If the key values in the request resolve to an empty data set ...
//     ForAnyValue returns false".
//   - "ForAllValues – The condition returns true if there's a match between
//     every one of the specified key values in the request and at least one
//     value in the policy"; it "also returns true if there are no context
//     keys in the request".
//   - A set qualifier decides a missing key before IfExists: AWS denies an
//     Allow with ForAnyValue:StringEqualsIfExists when the key is missing
//     (AWS re:Post "ForAnyValue:StringEqualsIfExists behaving unexpectedly",
//     and the differential test against iam-simulate).
//   - Negated operators test each request value against the policy values
//     with a NOR; ForAllValues:StringNotLike is the doc's example.
//   - No qualifier with several request values: any-match for positive
//     operators, no-match for negated ones (our documented reading).
func TestMissingKeyIfExistsSetMatrix(t *testing.T) {
	//                                   missing empty  [a]    [x]    [a,x]  [x,y]
	matrix := []struct {
		op   string
		want [6]bool
	}{
		{"StringEquals", [6]bool{false, false, true, false, true, false}},
		{"StringNotEquals", [6]bool{true, true, false, true, false, true}},
		{"StringEqualsIfExists", [6]bool{true, true, true, false, true, false}},
		{"StringNotEqualsIfExists", [6]bool{true, true, false, true, false, true}},
		{"ForAnyValue:StringEquals", [6]bool{false, false, true, false, true, false}},
		{"ForAllValues:StringEquals", [6]bool{true, true, true, false, false, false}},
		{"ForAnyValue:StringNotEquals", [6]bool{false, false, false, true, true, true}},
		{"ForAllValues:StringNotEquals", [6]bool{true, true, false, true, false, true}},
		{"ForAnyValue:StringEqualsIfExists", [6]bool{false, false, true, false, true, false}},
		{"ForAllValues:StringEqualsIfExists", [6]bool{true, true, true, false, false, false}},
		{"ForAnyValue:StringNotEqualsIfExists", [6]bool{false, false, false, true, true, true}},
		{"ForAllValues:StringNotEqualsIfExists", [6]bool{true, true, false, true, false, true}},
		// The same shape holds in every family; a few spot checks.
		{"StringLike", [6]bool{false, false, true, false, true, false}},
		{"StringNotLike", [6]bool{true, true, false, true, false, true}},
		// The request values are not ARNs: they satisfy neither ArnLike
		// nor ArnNotLike, so only the missing-key rules decide.
		{"ArnNotLike", [6]bool{true, true, false, false, false, false}},
		{"ArnLike", [6]bool{false, false, false, false, false, false}},
		{"ArnLikeIfExists", [6]bool{true, true, false, false, false, false}},
	}
	for _, row := range matrix {
		for i, rq := range matrixReqs {
			t.Run(row.op+"/"+rq.name, func(t *testing.T) {
				tst := compileStatic(t, row.op, "a")
				present := rq.vals != nil
				got := tst.Eval(nil, rq.vals, present)
				if got != row.want[i] {
					t.Errorf("Eval = %v, want %v", got, row.want[i])
				}
				if e := tst.Explain(nil, "k", rq.vals, present); e.Result != got {
					t.Errorf("Explain.Result = %v", e.Result)
				}
			})
		}
	}
}

// The missing-key rule in the other families: "If the key that you specify
// in a policy condition is not present in the request context, the values
// do not match" — for each family's positive and negated operators.
func TestMissingKeyAllFamilies(t *testing.T) {
	cases := []struct {
		op, val string
		want    bool
	}{
		{"NumericEquals", "1", false},
		{"NumericNotEquals", "1", true},
		{"NumericLessThan", "1", false},
		{"NumericLessThanIfExists", "1", true},
		{"DateGreaterThan", "2020-01-01", false},
		{"DateNotEquals", "2020-01-01", true},
		{"DateGreaterThanIfExists", "2020-01-01", true},
		{"Bool", "true", false},
		{"BoolIfExists", "true", true}, // "key aws:MultiFactorAuthPresent is missing: BoolIfExists ..."
		{"BinaryEquals", "AA==", false},
		{"BinaryEqualsIfExists", "AA==", true},
		{"IpAddress", "10.0.0.0/8", false},
		{"NotIpAddress", "10.0.0.0/8", true},
		{"IpAddressIfExists", "10.0.0.0/8", true},
		{"ArnEquals", "arn:aws:iam::1:root", false},
		{"ArnNotEquals", "arn:aws:iam::1:root", true},
		{"StringNotEqualsIgnoreCase", "x", true},
		{"ForAllValues:NumericEquals", "1", true},
		{"ForAnyValue:DateEquals", "2020-01-01", false},
		{"ForAnyValue:NotIpAddress", "10.0.0.0/8", false},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			tst := compileStatic(t, tc.op, tc.val)
			if got := tst.Eval(nil, nil, false); got != tc.want {
				t.Errorf("Eval(missing) = %v, want %v", got, tc.want)
			}
		})
	}
}

// The examples of "Multivalued context key examples" and "Creating a
// condition that tests multiple key values (set operations)".
func TestSetOperatorDocExamples(t *testing.T) {
	runCases(t, []evalCase{
		// Deny a single policy condition value for a multivalued context key.
		{"ForAllValues:StringNotLike key1*: key1:legal does not match", "ForAllValues:StringNotLike", one("key1*"), one("key1:legal"), false},
		{"ForAllValues:StringNotLike key1*: key1:hr, key1:personnel does not match", "ForAllValues:StringNotLike", one("key1*"), []string{"key1:hr", "key1:personnel"}, false},
		{"ForAllValues:StringNotLike key1*: key2:audit matches", "ForAllValues:StringNotLike", one("key1*"), one("key2:audit"), true},
		{"ForAllValues:StringNotLike key1*: no aws:TagKeys in the request matches", "ForAllValues:StringNotLike", one("key1*"), missing, true},
		{"ForAllValues:StringNotLike key1*: a mix of prefixes does not match", "ForAllValues:StringNotLike", one("key1*"), []string{"key1:hr", "key2:audit"}, false},
		// DynamoDB attributes.
		{"ForAllValues:StringLike: PostDateTime and Message are both allowed", "ForAllValues:StringLike", []string{"PostDateTime", "Message", "Tags"}, []string{"PostDateTime", "Message"}, true},
		{"ForAllValues:StringLike: UserName has no match, so the condition is false", "ForAllValues:StringLike", []string{"PostDateTime", "Message", "Tags"}, []string{"PostDateTime", "UserName"}, false},
		{"ForAnyValue:StringLike: PostDateTime matches, so the Deny applies", "ForAnyValue:StringLike", []string{"ID", "PostDateTime"}, []string{"UserName", "Message", "PostDateTime"}, true},
		{"ForAnyValue:StringLike: UserName alone matches nothing", "ForAnyValue:StringLike", []string{"ID", "PostDateTime"}, one("UserName"), false},
		// ForAnyValue with a negated operator: at least one request value
		// must match none of the policy values.
		{"ForAnyValue:StringNotEquals: DataClass and Owner are all listed", "ForAnyValue:StringNotEquals", []string{"DataClass", "Owner"}, []string{"DataClass", "Owner"}, false},
		{"ForAnyValue:StringNotEquals: Dept is not listed", "ForAnyValue:StringNotEquals", []string{"DataClass", "Owner"}, []string{"Dept", "DataClass"}, true},
		{"ForAllValues:StringNotEquals: DataClass is listed", "ForAllValues:StringNotEquals", []string{"DataClass", "Owner"}, []string{"Dept", "SIC", "DataClass"}, false},
		{"ForAllValues:StringNotEquals: none listed", "ForAllValues:StringNotEquals", []string{"DataClass", "Owner"}, []string{"Dept", "SIC"}, true},
		// Set qualifiers work in every family.
		{"ForAnyValue:IpAddress", "ForAnyValue:IpAddress", one("10.0.0.0/8"), []string{"192.0.2.1", "10.1.2.3"}, true},
		{"ForAllValues:NumericLessThan", "ForAllValues:NumericLessThan", one("10"), []string{"1", "9.99", "10"}, false},
		{"ForAllValues:ArnLike", "ForAllValues:ArnLike", one("arn:aws:iam::111111111111:*"), []string{"arn:aws:iam::111111111111:role/a", "arn:aws:iam::111111111111:user/b"}, true},
		{"ForAllValues with an invalid request value fails", "ForAllValues:NumericLessThan", one("10"), []string{"1", "lots"}, false},
		{"ForAnyValue skips an invalid request value", "ForAnyValue:NumericLessThan", one("10"), []string{"lots", "1"}, true},
	})
}
