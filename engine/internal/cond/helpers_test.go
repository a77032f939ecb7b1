package cond

import (
	"strings"
	"testing"
)

// mapCtx is a request context for tests; keys are lower-cased.
type mapCtx map[string][]string

func (m mapCtx) Lookup(k string) ([]string, bool) {
	v, ok := m[k]
	return v, ok
}

// missing marks a request whose key is absent.
var missing []string = nil

// evalCase is one row of a family table. A nil req means the key is
// missing; an empty non-nil req means the key is present with no values.
type evalCase struct {
	name   string // cites the rule it checks
	op     string
	policy []string
	req    []string
	want   bool
}

func compileStatic(t testing.TB, op string, vals ...string) *Test {
	t.Helper()
	o, err := ParseOperator(op)
	if err != nil {
		t.Fatalf("ParseOperator(%q): %v", op, err)
	}
	vs := make([]Value, len(vals))
	for i, v := range vals {
		vs[i] = Value{Text: v}
	}
	tst, errs := Compile(o, vs)
	if len(errs) > 0 {
		t.Fatalf("Compile(%s, %q): %v", op, vals, errs)
	}
	return tst
}

// runCases evaluates each case with Eval and Explain and checks both.
func runCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.op+"/"+tc.name, func(t *testing.T) {
			tst := compileStatic(t, tc.op, tc.policy...)
			present := tc.req != nil
			got := tst.Eval(nil, tc.req, present)
			if got != tc.want {
				t.Errorf("%s %q, request %s: Eval = %v, want %v", tc.op, tc.policy, showReq(tc.req), got, tc.want)
			}
			e := tst.Explain(nil, "test:key", tc.req, present)
			if e.Result != got {
				t.Errorf("Explain.Result = %v, Eval = %v (note %q)", e.Result, got, e.Note)
			}
		})
	}
}

func showReq(r []string) string {
	if r == nil {
		return "<missing>"
	}
	return "[" + strings.Join(r, ", ") + "]"
}

func one(s string) []string { return []string{s} }
