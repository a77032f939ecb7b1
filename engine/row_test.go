package engine

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamplayground/iamplay/engine/policy"
)

// withTables is a copy of p whose policies each have a table, however few
// their statements (Parse builds one only for larger policies), and
// withoutTables one whose policies have none: evaluated from their
// statements alone, as before tables existed.
func withTables(p *Policies) *Policies {
	return copyPolicies(p, func(pol *policy.Policy) *policy.Table { return policy.NewTable(pol.Statements) })
}

func withoutTables(p *Policies) *Policies {
	return copyPolicies(p, func(*policy.Policy) *policy.Table { return nil })
}

// copyPolicies copies p, each policy with the table table gives it.
func copyPolicies(p *Policies, table func(*policy.Policy) *policy.Table) *Policies {
	one := func(pol *policy.Policy) *policy.Policy {
		if pol == nil {
			return nil
		}
		c := *pol
		c.Table = table(pol)
		return &c
	}
	list := func(l []*policy.Policy) []*policy.Policy {
		var out []*policy.Policy
		for _, pol := range l {
			out = append(out, one(pol))
		}
		return out
	}
	levels := func(ls [][]*policy.Policy) [][]*policy.Policy {
		var out [][]*policy.Policy
		for _, l := range ls {
			out = append(out, list(l))
		}
		return out
	}
	return &Policies{Identity: list(p.Identity), Resource: one(p.Resource), Boundary: one(p.Boundary),
		SCP: levels(p.SCP), RCP: levels(p.RCP), Session: one(p.Session), Endpoint: one(p.Endpoint)}
}

// hasTable reports whether some policy of p has a table.
func hasTable(p *Policies) bool {
	for _, pol := range append(append([]*policy.Policy{p.Resource, p.Boundary, p.Session, p.Endpoint}, p.Identity...), flat(p.SCP, p.RCP)...) {
		if pol != nil && pol.Table != nil {
			return true
		}
	}
	return false
}

func flat(ls ...[][]*policy.Policy) []*policy.Policy {
	var out []*policy.Policy
	for _, l := range ls {
		for _, pols := range l {
			out = append(out, pols...)
		}
	}
	return out
}

// sameWithoutTables evaluates the input with a table for every policy and
// without any, traced and not, and fails unless decision, reason, report
// JSON, text trace and key report are the same.
func sameWithoutTables(t *testing.T, name string, in *Input, req *Prepared) {
	t.Helper()
	tables, bare := withTables(&in.Policies), withoutTables(&in.Policies)
	for _, trace := range []bool{false, true} {
		got := Evaluate(tables, req, Options{Trace: trace})
		want := Evaluate(bare, req, Options{Trace: trace})
		if got.Decision != want.Decision || got.Reason() != want.Reason() || got.Deciding.Statement != want.Deciding.Statement {
			t.Fatalf("%s (trace %v): with tables %v (%s), without %v (%s)", name, trace, got.Decision, got.Reason(), want.Decision, want.Reason())
		}
		if !trace {
			continue
		}
		gr, wr := got.Report(), want.Report()
		gj, wj := gr.AppendJSON(nil), wr.AppendJSON(nil)
		// The reports name the same policies, copied: their JSON is the same.
		if !bytes.Equal(gj, wj) {
			t.Fatalf("%s: report with tables differs:\n%s\nwithout:\n%s", name, gj, wj)
		}
		var gt, wt strings.Builder
		if err := got.WriteText(&gt); err != nil {
			t.Fatal(err)
		}
		if err := want.WriteText(&wt); err != nil {
			t.Fatal(err)
		}
		if gt.String() != wt.String() {
			t.Fatalf("%s: text trace with tables differs:\n%s\nwithout:\n%s", name, gt.String(), wt.String())
		}
	}
}

// identityOf is the policies member of one identity-based policy holding
// stmts, statements joined by commas.
func identityOf(stmts string) string { return `"identity":[` + doc(stmts) + `]` }

// tableCases exercise what a row leaves to its statement: NotAction,
// NotResource, a resource "*" request, policy variables in resources and
// conditions, Principal elements, patterns longer than a filter decides,
// and several condition keys.
var tableCases = []evalCase{
	{name: "not action", principal: alice, policies: identityOf(`{"Effect":"Allow","NotAction":["iam:*","s3:Put*"],"Resource":"*"}`), want: Allowed},
	{name: "not action excluded", principal: alice, policies: identityOf(`{"Effect":"Allow","NotAction":"s3:GetObj*","Resource":"*"}`), want: ImplicitDeny},
	{name: "not resource", principal: alice, policies: identityOf(`{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::other/*"},{"Effect":"Allow","Action":"*","Resource":"*"}`), want: ExplicitDeny},
	{name: "resource star request", principal: alice, action: "ec2:DescribeInstances", resource: "*", policies: identityOf(`{"Effect":"Allow","Action":"ec2:Describe*","Resource":"arn:aws:ec2:*:*:instance/*"},{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"*"}`), want: Allowed},
	{name: "resource star request unmatched", principal: alice, action: "ec2:DescribeInstances", resource: "*", policies: identityOf(`{"Effect":"Allow","Action":"ec2:DescribeInstances","Resource":"arn:aws:ec2:*:*:instance/*"}`), want: ImplicitDeny},
	{name: "resource variables", principal: alice, resource: "arn:aws:s3:::home/alice/x", policies: identityOf(`{"Effect":"Allow","Action":"s3:GetObject","Resource":["arn:aws:s3:::home/bob/*","arn:aws:s3:::home/${aws:username}/*"]}`), want: Allowed},
	{name: "any resource before variables", principal: alice, policies: identityOf(`{"Effect":"Allow","Action":"s3:GetObject","Resource":["*","arn:aws:s3:::home/${aws:PrincipalTag/dept}/*"]}`), want: Allowed},
	{name: "condition variables untested", principal: alice, context: `{"aws:PrincipalTag/team":"a"}`, policies: identityOf(`{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"s3:prefix":"${aws:PrincipalTag/team}/"}}},{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`), want: Allowed},
	{name: "many keys", principal: alice, context: `{"aws:PrincipalTag/team":"a","aws:SourceIp":"10.0.0.1"}`, policies: identityOf(`{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a","aws:RequestedRegion":"x"},"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::nope","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"},"Bool":{"aws:MultiFactorAuthPresent":"true"}}},{"Sid":"Yes","Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"a"}}}`), want: Allowed},
	{name: "long patterns", principal: alice, resource: "arn:aws:s3:::securecart-product-images/photos/a.png", policies: identityOf(`{"Effect":"Allow","Action":["s3:GetObjectVersion","s3:GetObject"],"Resource":["arn:aws:s3:::securecart-product-images/photos/b*","arn:aws:s3:::securecart-product-images/photos/a.png"]}`), want: Allowed},
	{name: "principal", principal: alice, policies: `"resource":` + bucket("Allow", `{"AWS":"`+alice+`"}`) + `,"identity":[` + doc(`{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::other/*"}`) + `]`, want: Allowed},
	{name: "not principal", principal: alice, policies: `"resource":` + doc(`{"Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::111111111111:user/bob"},"Action":"s3:*","Resource":"*"}`) + `,"identity":[` + doc(`{"Effect":"Allow","Action":"*","Resource":"*"}`) + `]`, want: ExplicitDeny},
}

// A policy's table changes nothing: every golden input, every case of
// the evaluation tables and the cases above decide, explain and trace the
// same with their policies' tables and without.
func TestTablesChangeNothing(t *testing.T) {
	inputs, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.input.json"))
	for _, path := range inputs {
		in, req := readInput(t, path)
		if !hasTable(withTables(&in.Policies)) {
			t.Fatalf("%s: no policy could have a table", path)
		}
		sameWithoutTables(t, path, in, req)
	}
	for _, cases := range [][]evalCase{evalCases, ruleCases, tableCases} {
		for _, c := range cases {
			in, errs := ParseInput(c.name, []byte(c.input()))
			if errs.HasErrors() {
				t.Fatalf("%s: %v", c.name, errs)
			}
			req, err := in.Prepare()
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			sameWithoutTables(t, c.name, in, req)
		}
	}
	runTable(t, tableCases)
}

// At scale too: 1,000 statements, against a request that none of them
// matches and one that the last matches.
func TestTablesChangeNothingAtScale(t *testing.T) {
	pols := scalePolicies(t, 1000, "arn:aws:s3:::bucket-")
	for _, req := range []*Prepared{
		scaleRequest(t, "arn:aws:s3:::other/key", "none"),
		scaleRequest(t, "arn:aws:s3:::bucket-999/key", "team-999"),
	} {
		sameWithoutTables(t, req.Resource, &Input{Policies: *pols}, req)
	}
}

// BenchmarkTables measures what the tables cost or save on the small
// shapes of BenchmarkShapes, where every statement is in the caches
// anyway: each shape is evaluated with a table for every policy and
// without any, taking turns fifty evaluations at a time, so that the drift
// of a shared machine's speed hits both alike. Every policy has its table
// here, however few its statements: this is what Parse's threshold
// (policy.NewTable) is chosen from. decide is the decision alone, trace with the log, tree with the
// report and its tree. It reports each's time and their ratio
// (with/without).
func BenchmarkTables(b *testing.B) {
	modes := []struct {
		name string
		opts Options
		tree bool
	}{{"decide", Options{}, false}, {"trace", Options{Trace: true}, false}, {"tree", Options{Trace: true}, true}}
	for _, name := range benchShapes {
		in, req := loadBench(b, name)
		tables, bare := withTables(&in.Policies), withoutTables(&in.Policies)
		for _, m := range modes {
			b.Run(name+"/"+m.name, func(b *testing.B) {
				var spent [2]time.Duration
				n := 0
				for b.Loop() {
					for i, pols := range []*Policies{bare, tables} {
						start := time.Now()
						for range 50 {
							res := Evaluate(pols, req, m.opts)
							if m.tree {
								_ = res.Report()
							}
						}
						spent[i] += time.Since(start)
					}
					n += 50
				}
				with, without := spent[1], spent[0]
				b.ReportMetric(float64(with.Nanoseconds())/float64(n), "with-ns/op")
				b.ReportMetric(float64(without.Nanoseconds())/float64(n), "without-ns/op")
				b.ReportMetric(float64(with)/float64(without), "with/without")
			})
		}
	}
}
