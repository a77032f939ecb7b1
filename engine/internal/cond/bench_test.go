package cond

import "testing"

func benchEval(b *testing.B, op string, policy []string, req []string, want bool) {
	tst := compileStatic(b, op, policy...)
	if got := tst.Eval(nil, req, true); got != want {
		b.Fatalf("Eval = %v, want %v", got, want)
	}
	b.ReportAllocs()
	for b.Loop() {
		tst.Eval(nil, req, true)
	}
}

func BenchmarkStringLike(b *testing.B) {
	benchEval(b, "StringLike",
		[]string{"arn:aws:s3:::example-bucket/public/*", "arn:aws:s3:::example-bucket/home/*/private/*"},
		one("arn:aws:s3:::example-bucket/home/alice/private/2026/report.pdf"), true)
}

func BenchmarkIpAddressTwoCIDRs(b *testing.B) {
	benchEval(b, "IpAddress",
		[]string{"203.0.113.0/24", "2001:db8:1234:5678::/64"},
		one("2001:db8:1234:5678::42"), true)
}

func BenchmarkIpAddressTwoCIDRsIPv4Miss(b *testing.B) {
	benchEval(b, "IpAddress",
		[]string{"203.0.113.0/24", "198.51.100.0/24"},
		one("192.0.2.17"), false)
}

func BenchmarkDateGreaterThan(b *testing.B) {
	benchEval(b, "DateGreaterThan",
		one("2020-01-01T00:00:01Z"),
		one("2026-03-04T05:06:07Z"), true)
}

func BenchmarkForAnyValueStringEquals(b *testing.B) {
	benchEval(b, "ForAnyValue:StringEquals",
		[]string{"DataClass", "Owner", "Project"},
		[]string{"Dept", "SIC", "CostCenter", "Owner"}, true)
}

func BenchmarkArnLike(b *testing.B) {
	benchEval(b, "ArnLike",
		one("arn:aws:iam::*:role/admin-*"),
		one("arn:aws:iam::123456789012:role/admin-ops"), true)
}

func BenchmarkNumericLessThanEquals(b *testing.B) {
	benchEval(b, "NumericLessThanEquals", one("1000"), one("250"), true)
}

func BenchmarkStringLikeVariable(b *testing.B) {
	ctx := mapCtx{"aws:username": {"alice"}}
	parts := []Part{{Text: "home/"}, {}, {Text: "/*"}}
	v := Value{
		Text: "home/${aws:username}/*",
		ExpandParts: func(ctx Context) ([]Part, bool) {
			vals, ok := ctx.Lookup("aws:username")
			if !ok || len(vals) != 1 {
				return nil, false
			}
			parts[1] = Part{Text: vals[0], Literal: true} // no allocation: the benchmark measures cond only
			return parts, true
		},
	}
	o, _ := ParseOperator("StringLike")
	tst, _ := Compile(o, []Value{v})
	req := one("home/alice/notes.txt")
	if !tst.Eval(ctx, req, true) {
		b.Fatal("want true")
	}
	b.ReportAllocs()
	for b.Loop() {
		tst.Eval(ctx, req, true)
	}
}

func BenchmarkExplain(b *testing.B) {
	tst := compileStatic(b, "ForAllValues:StringLike", "team*", "env")
	req := []string{"team-a", "owner", "env"}
	b.ReportAllocs()
	for b.Loop() {
		tst.Explain(nil, "aws:TagKeys", req, true)
	}
}

// "no allocation on the evaluation path": every family, matching and not,
// with valid and invalid request values, and a missing key.
func TestEvalDoesNotAllocate(t *testing.T) {
	cases := []struct {
		op     string
		policy []string
		reqs   [][]string
	}{
		{"StringEquals", []string{"a", "b"}, [][]string{one("b"), one("c"), nil}},
		{"StringNotEqualsIgnoreCase", []string{"a"}, [][]string{one("A"), one("c")}},
		{"StringLike", []string{"home/*/x?", "*.pdf"}, [][]string{one("home/a/xy"), one("zzz")}},
		{"ForAllValues:StringNotLike", []string{"key1*"}, [][]string{{"key2", "key3"}, {}, nil}},
		{"NumericLessThan", []string{"10", "2.5"}, [][]string{one("3"), one("x"), one("123456789012345678901234567890")}},
		{"DateGreaterThanEquals", []string{"2026-01-01T00:00:00Z"}, [][]string{one("2026-05-01T10:00:00.5+02:00"), one("1767225600"), one("soon")}},
		{"Bool", []string{"true"}, [][]string{one("TRUE"), one("no")}},
		{"BinaryEquals", []string{"QmluYXJ5"}, [][]string{one("QmluYXJ5"), one("!!")}},
		{"NotIpAddress", []string{"203.0.113.0/24", "2001:db8::/32"}, [][]string{one("203.0.113.1"), one("::ffff:10.0.0.1"), one("not-an-ip"), one("10.0.0.0/8")}},
		{"ArnLike", []string{"arn:aws:iam::*:role/*", "*"}, [][]string{one("arn:aws:iam::1:role/a"), one("nope")}},
		{"Null", []string{"false"}, [][]string{one("x"), nil}},
	}
	for _, tc := range cases {
		tst := compileStatic(t, tc.op, tc.policy...)
		for _, r := range tc.reqs {
			if n := testing.AllocsPerRun(100, func() { tst.Eval(nil, r, r != nil) }); n != 0 {
				t.Errorf("%s %q on %q: %v allocations", tc.op, tc.policy, r, n)
			}
		}
	}
}
