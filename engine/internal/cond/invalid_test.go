package cond

import (
	"strings"
	"testing"
)

// Policy values AWS rejects for the operator are reported by Compile with
// their index; the compiled Test still works, and the bad value matches
// nothing.
func TestInvalidPolicyValues(t *testing.T) {
	cases := []struct {
		name    string
		op      string
		vals    []string
		bad     []int
		message string
	}{
		{"Numeric: an integer or decimal value", "NumericLessThan", []string{"10", "ten"}, []int{1}, "not a number"},
		{"Numeric: no exponent", "NumericEquals", []string{"1e3"}, []int{0}, "not a number"},
		{"Numeric: no wildcards", "NumericEquals", []string{"1*"}, []int{0}, "not a number"},
		{"Numeric: empty", "NumericEquals", []string{""}, []int{0}, "not a number"},
		{"Numeric: a lone sign or dot", "NumericEquals", []string{"-", ".", "+."}, []int{0, 1, 2}, "not a number"},
		{"Date: ISO 8601 or epoch", "DateGreaterThan", []string{"2026-01-01", "next year"}, []int{1}, "not a date"},
		{"Date: month 13", "DateLessThan", []string{"2026-13-01"}, []int{0}, "not a date"},
		{"Date: February 30", "DateLessThan", []string{"2026-02-30"}, []int{0}, "not a date"},
		{"Date: February 29 of a common year", "DateLessThan", []string{"2025-02-29"}, []int{0}, "not a date"},
		{"Date: hour 24", "DateLessThan", []string{"2026-01-01T24:00:00Z"}, []int{0}, "not a date"},
		{"Date: bad zone", "DateLessThan", []string{"2026-01-01T00:00:00+2"}, []int{0}, "not a date"},
		{"Date: wildcards are not permitted for date condition operators", "DateEquals", []string{"2026-*"}, []int{0}, "not a date"},
		{"Bool: true or false", "Bool", []string{"yes"}, []int{0}, `use "true" or "false"`},
		{"Bool: not 1", "BoolIfExists", []string{"true", "1"}, []int{1}, "not a boolean"},
		{"Binary: base-64", "BinaryEquals", []string{"QmluYXJ5", "not base64!"}, []int{1}, "not base64"},
		{"Binary: bad padding", "BinaryEquals", []string{"QQ=", "Q===", "QUJD="}, []int{0, 1, 2}, "not base64"},
		{"IP: CIDR format", "IpAddress", []string{"203.0.113.0/24", "203.0.113.0/33"}, []int{1}, "not an IP address"},
		{"IP: octet out of range", "NotIpAddress", []string{"999.0.0.1"}, []int{0}, "not an IP address"},
		{"IP: no zones", "IpAddress", []string{"fe80::1%eth0"}, []int{0}, "not an IP address"},
		{"IP: no hostnames", "IpAddress", []string{"example.com"}, []int{0}, "not an IP address"},
		{"Null: true or false", "Null", []string{"maybe"}, []int{0}, `"true" (the key must be absent)`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o, err := ParseOperator(tc.op)
			if err != nil {
				t.Fatal(err)
			}
			vs := make([]Value, len(tc.vals))
			for i, v := range tc.vals {
				vs[i] = Value{Text: v}
			}
			tst, errs := Compile(o, vs)
			if tst == nil {
				t.Fatal("Compile returned no Test")
			}
			if len(errs) != len(tc.bad) {
				t.Fatalf("errs = %v, want indexes %v", errs, tc.bad)
			}
			for i, e := range errs {
				if e.Index != tc.bad[i] {
					t.Errorf("error %d has Index %d, want %d", i, e.Index, tc.bad[i])
				}
				if !strings.Contains(e.Msg, tc.message) || !strings.Contains(e.Msg, tc.vals[e.Index]) {
					t.Errorf("Msg = %q", e.Msg)
				}
			}
			ex := tst.Explain(nil, "k", one("x"), true)
			if len(ex.BadPolicy) != len(tc.bad) {
				t.Errorf("BadPolicy = %v", ex.BadPolicy)
			}
		})
	}
}

func TestValidPolicyValuesAccepted(t *testing.T) {
	cases := []struct {
		op   string
		vals []string
	}{
		{"NumericEquals", []string{"0", "-1", "+2", "3.25", ".5", "5.", "00012", "123456789012345678901234567890"}},
		{"DateEquals", []string{"2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123456789Z", "2026-01-01T00:00:00.1234567891Z", "2026-01-01T00:00:00+05:30", "2026-01-01T00:00:00-0800", "2026-01-01T00:00:00+01", "2026-01-01T00:00Z", "2026-01-01t00:00:00z", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00", "2026-01-01", "2026-01", "1767225600", "-1", "1767225600.25"}},
		{"Bool", []string{"true", "false", "TRUE", "False"}},
		{"BinaryEquals", []string{"", "QQ==", "QQ", "QUJD", "QUI=", "+/+/"}},
		{"IpAddress", []string{"203.0.113.0/24", "203.0.113.7", "2001:DB8:1234:5678::/64", "::1", "::ffff:10.0.0.1", "0.0.0.0/0", "::/0"}},
		{"Null", []string{"true", "false", "True"}},
		// String and ARN values are never invalid: AWS compares them as
		// text.
		{"StringLike", []string{"", "*", "**", "?*?", "a*b?c"}},
		{"ArnLike", []string{"*", "arn:aws:s3:::bucket", "not an arn"}},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			compileStatic(t, tc.op, tc.vals...)
		})
	}
}

func TestNoValues(t *testing.T) {
	o, _ := ParseOperator("StringEquals")
	tst, errs := Compile(o, nil)
	if len(errs) != 1 || errs[0].Index != -1 {
		t.Fatalf("errs = %v", errs)
	}
	if tst.Eval(nil, one("a"), true) {
		t.Error("StringEquals with no values matched")
	}
	o, _ = ParseOperator("StringNotEquals")
	tst, _ = Compile(o, nil)
	if !tst.Eval(nil, one("a"), true) {
		t.Error("StringNotEquals with no values: nothing to match, so it should be true")
	}
}
