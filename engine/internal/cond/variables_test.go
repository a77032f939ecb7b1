package cond

import (
	"strings"
	"testing"
)

// tmpl is a tiny policy-variable expander for tests: "${key}" is replaced
// by the key's single value; a missing key makes the value unresolved.
// Substituted text is literal, as in the engine's Template.
func tmpl(s string) Value {
	return Value{
		Text: s,
		Expand: func(ctx Context) (string, bool) {
			parts, ok := expandTmpl(s, ctx)
			if !ok {
				return "", false
			}
			var b strings.Builder
			for _, p := range parts {
				b.WriteString(p.Text)
			}
			return b.String(), true
		},
		ExpandParts: func(ctx Context) ([]Part, bool) { return expandTmpl(s, ctx) },
	}
}

// tmplTextOnly has no ExpandParts, like a caller that only substitutes text.
func tmplTextOnly(s string) Value {
	v := tmpl(s)
	v.ExpandParts = nil
	return v
}

func expandTmpl(s string, ctx Context) ([]Part, bool) {
	var parts []Part
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return append(parts, Part{Text: s}), true
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return append(parts, Part{Text: s}), true
		}
		parts = append(parts, Part{Text: s[:i]})
		name := s[i+2 : i+j]
		switch name {
		case "*", "?", "$":
			parts = append(parts, Part{Text: name, Literal: true})
		default:
			vals, ok := ctx.Lookup(strings.ToLower(name))
			if !ok || len(vals) != 1 {
				return nil, false
			}
			parts = append(parts, Part{Text: vals[0], Literal: true})
		}
		s = s[i+j+1:]
	}
}

func compileValues(t *testing.T, op string, vals ...Value) *Test {
	t.Helper()
	o, err := ParseOperator(op)
	if err != nil {
		t.Fatal(err)
	}
	tst, errs := Compile(o, vals)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return tst
}

// "You can use a policy variable with the String / ARN / Boolean condition
// operator", substituted from the request context.
func TestPolicyVariables(t *testing.T) {
	ctx := mapCtx{
		"aws:username":                {"alice"},
		"aws:principaltag/team":       {"pay*ments"},
		"aws:principalaccount":        {"111122223333"},
		"aws:securetransport":         {"true"},
		"aws:principaltag/not-a-bool": {"maybe"},
		"aws:tagkeys":                 {"a", "b"},
	}
	cases := []struct {
		name string
		op   string
		val  Value
		req  []string
		want bool
	}{
		{"StringEquals with ${aws:username} resolved from the request", "StringEquals", tmpl("${aws:username}"), one("alice"), true},
		{"StringEquals with ${aws:username}, other user", "StringEquals", tmpl("${aws:username}"), one("bob"), false},
		{"StringLike home/${aws:username}/* from the doc's s3:prefix example", "StringLike", tmpl("home/${aws:username}/*"), one("home/alice/notes"), true},
		{"StringLike home/${aws:username}/*, other home", "StringLike", tmpl("home/${aws:username}/*"), one("home/bob/notes"), false},
		{"substituted text is literal: its * is not a wildcard", "StringLike", tmpl("team/${aws:PrincipalTag/team}"), one("team/payXments"), false},
		{"substituted text is literal: its * matches itself", "StringLike", tmpl("team/${aws:PrincipalTag/team}"), one("team/pay*ments"), true},
		{"${*} is a literal asterisk", "StringLike", tmpl("a${*}b"), one("axb"), false},
		{"${*} matches an asterisk", "StringLike", tmpl("a${*}b"), one("a*b"), true},
		{"${?} is a literal question mark", "StringLike", tmpl("what${?}"), one("whatX"), false},
		{"without ExpandParts the whole expansion is a pattern", "StringLike", tmplTextOnly("team/${aws:PrincipalTag/team}"), one("team/payXments"), true},
		{"StringEqualsIgnoreCase with a variable", "StringEqualsIgnoreCase", tmpl("${aws:username}"), one("ALICE"), true},
		{"ArnLike with ${aws:PrincipalAccount} in the account component", "ArnLike", tmpl("arn:aws:iam::${aws:PrincipalAccount}:role/*"), one("arn:aws:iam::111122223333:role/dev"), true},
		{"ArnLike with a variable, other account", "ArnLike", tmpl("arn:aws:iam::${aws:PrincipalAccount}:role/*"), one("arn:aws:iam::999999999999:role/dev"), false},
		{"ArnLike with a variable, text only", "ArnLike", tmplTextOnly("arn:aws:iam::${aws:PrincipalAccount}:role/*"), one("arn:aws:iam::111122223333:role/dev"), true},
		{"ArnNotLike with a variable", "ArnNotLike", tmpl("arn:aws:iam::${aws:PrincipalAccount}:*"), one("arn:aws:iam::999999999999:root"), true},
		{"Bool with a variable", "Bool", tmpl("${aws:SecureTransport}"), one("true"), true},
		{"Bool with a variable that is not a boolean matches nothing", "Bool", tmpl("${aws:PrincipalTag/not-a-bool}"), one("true"), false},
		// "If AWS cannot resolve a variable this might cause the entire
		// statement to be invalid": an unresolved value matches nothing...
		{"unresolved variable: StringEquals does not match", "StringEquals", tmpl("${aws:userid}"), one("alice"), false},
		{"unresolved variable: StringLike does not match", "StringLike", tmpl("home/${aws:userid}/*"), one("home/x/y"), false},
		{"multivalued key as a variable is unresolved", "StringEquals", tmpl("${aws:TagKeys}"), one("a"), false},
		// ...so a negated operator, which holds when nothing matches, is
		// true: "IAM policy elements: Variables and tags" (the ABAC deny
		// with StringNotEquals ${aws:PrincipalTag/…} denies a principal
		// without the tag) and "Condition operators" (a negated operator
		// is true when the values do not match).
		{"unresolved variable: StringNotEquals is true (Variables and tags, ABAC deny)", "StringNotEquals", tmpl("${aws:userid}"), one("alice"), true},
		{"unresolved variable: ArnNotLike is true (Variables and tags)", "ArnNotLike", tmpl("arn:aws:iam::${aws:userid}:*"), one("arn:aws:iam::1:root"), true},
		{"unresolved variable: the missing-key rule still comes first", "StringNotEquals", tmpl("${aws:userid}"), nil, true},
	}
	t.Run("unresolved variable: StringNotEquals is false when another policy value matches", func(t *testing.T) {
		tst := compileValues(t, "StringNotEquals", tmpl("${aws:userid}"), Value{Text: "alice"})
		if tst.Eval(ctx, one("alice"), true) {
			t.Error("Eval = true, want false: alice matches the literal value")
		}
	})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tst := compileValues(t, tc.op, tc.val)
			got := tst.Eval(ctx, tc.req, tc.req != nil)
			if got != tc.want {
				t.Errorf("Eval = %v, want %v", got, tc.want)
			}
			if e := tst.Explain(ctx, "k", tc.req, tc.req != nil); e.Result != got {
				t.Errorf("Explain.Result = %v", e.Result)
			}
		})
	}

	t.Run("unresolved value does not hide a resolved one", func(t *testing.T) {
		tst := compileValues(t, "StringEquals", tmpl("${aws:userid}"), tmpl("${aws:username}"))
		if !tst.Eval(ctx, one("alice"), true) {
			t.Error("want true")
		}
		e := tst.Explain(ctx, "aws:PrincipalTag/owner", one("alice"), true)
		if len(e.Unresolved) != 1 || e.Unresolved[0] != 0 {
			t.Errorf("Unresolved = %v", e.Unresolved)
		}
		if e.PolicyValues[0] != "${aws:userid}" || e.PolicyValues[1] != "alice" {
			t.Errorf("PolicyValues = %q", e.PolicyValues)
		}
		if !strings.Contains(e.Note, "no value in the request") {
			t.Errorf("Note = %q", e.Note)
		}
	})
}

// "You can not use a policy variable with the Numeric / Date / IpAddress /
// Binary / Null condition operator": Expand is ignored and the text is
// compiled as written.
func TestVariablesNotSupported(t *testing.T) {
	v := tmpl("10")
	v.Expand = func(Context) (string, bool) { return "999", true }
	tst := compileValues(t, "NumericEquals", v)
	if !tst.Eval(nil, one("10"), true) {
		t.Error("NumericEquals should compare with the text 10")
	}
	o, _ := ParseOperator("NumericEquals")
	if _, errs := Compile(o, []Value{tmpl("${aws:MaxKeys}")}); len(errs) != 1 {
		t.Errorf("a variable in a Numeric value is not a number: errs = %v", errs)
	}
	o, _ = ParseOperator("IpAddress")
	if _, errs := Compile(o, []Value{tmpl("${aws:SourceIp}")}); len(errs) != 1 {
		t.Errorf("a variable in an IpAddress value is not an IP: errs = %v", errs)
	}
}

// Long expansions are matched by package match, with the same results.
func TestLongExpansion(t *testing.T) {
	long := strings.Repeat("a", 5000)
	ctx := mapCtx{"aws:username": {long}}
	cases := []struct {
		op   string
		val  Value
		req  string
		want bool
	}{
		{"StringLike", tmpl("*a*a*a*b${aws:username}"), long + "b" + long, true},
		{"StringLike", tmpl("*a*a*a*b${aws:username}"), long + long, false},
		{"StringLike", tmplTextOnly("*a*a*a*b${aws:username}*"), long + "b" + long, true},
		{"ArnLike", tmpl("arn:aws:iam::*:role/*${aws:username}"), "arn:aws:iam::1:role/x" + long, true},
		{"ArnLike", tmplTextOnly("*"), "arn:aws:iam::1:role/x" + long + long + long + long + long + long + long + long + long + long + long + long + long + long, true},
	}
	for _, tc := range cases {
		tst := compileValues(t, tc.op, tc.val)
		if got := tst.Eval(ctx, one(tc.req), true); got != tc.want {
			t.Errorf("%s %q: Eval = %v, want %v", tc.op, tc.val.Text, got, tc.want)
		}
	}
}
