package engine

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine/policy"
)

// scalePolicies makes n statements, in policies of at most 500, none of
// which matches the request of scaleRequest: each has two action patterns,
// a resource and a condition, so every element of every statement is
// tested and traced.
func scalePolicies(tb testing.TB, n int, resource string) *Policies {
	tb.Helper()
	p := &Policies{}
	for first := 0; first < n; first += 500 {
		var b strings.Builder
		b.WriteString(`{"Version":"2012-10-17","Statement":[`)
		for i := first; i < min(n, first+500); i++ {
			if i > first {
				b.WriteByte(',')
			}
			id := strconv.Itoa(i)
			b.WriteString(`{"Sid":"S` + id + `","Effect":"Allow","Action":["ec2:Describe*","s3:Get*"],"Resource":"` + resource + id + `/*",` +
				`"Condition":{"StringEquals":{"aws:PrincipalTag/team":"team-` + id + `"}}}`)
		}
		b.WriteString(`]}`)
		pol, errs := policy.Parse("policy "+strconv.Itoa(len(p.Identity)+1), []byte(b.String()), policy.Identity)
		if errs.HasErrors() {
			tb.Fatal(errs)
		}
		p.Identity = append(p.Identity, pol)
	}
	return p
}

// scaleRequest is alice's request for resource, her tag team set to team.
func scaleRequest(tb testing.TB, resource, team string) *Prepared {
	tb.Helper()
	src := `{"policies":{},"request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject",` +
		`"resource":"` + resource + `","context":{"aws:PrincipalTag/team":"` + team + `"}}}`
	in, errs := ParseInput("scale.json", []byte(src))
	if errs.HasErrors() {
		tb.Fatal(errs)
	}
	req, err := in.Prepare()
	if err != nil {
		tb.Fatal(err)
	}
	return req
}

// BenchmarkScale measures traced evaluation over 1 to 10,000 statements:
// its cost per statement should not grow with their number. ns/stmt is the
// whole cost shared out; marginal-ns/stmt is the cost of each statement
// after the first, leaving out what every evaluation costs, which a small
// n is mostly made of. tree adds the report and its trace tree.
func BenchmarkScale(b *testing.B) {
	req := scaleRequest(b, "arn:aws:s3:::other/key", "none")
	// one is each mode's cost with one statement: the marginal cost of the
	// others leaves out what every evaluation costs.
	one := map[string]float64{}
	for _, n := range []int{1, 10, 100, 1000, 10000} {
		pols := scalePolicies(b, n, "arn:aws:s3:::bucket-")
		for _, mode := range []string{"decide", "trace", "tree"} {
			b.Run(mode+"/"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				stop := cpuPerOp(b)
				for b.Loop() {
					res := Evaluate(pols, req, Options{Trace: mode != "decide"})
					if res.Decision != ImplicitDeny {
						b.Fatal(res.Reason())
					}
					if mode == "tree" {
						_ = res.Report()
					}
				}
				stop()
				perOp := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
				b.ReportMetric(perOp/float64(n), "ns/stmt")
				if n == 1 {
					one[mode] = perOp
				} else if first, ok := one[mode]; ok {
					b.ReportMetric((perOp-first)/float64(n-1), "marginal-ns/stmt")
				}
			})
		}
	}
}
