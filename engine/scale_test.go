package engine

import (
	"strconv"
	"strings"
	"testing"
	"time"

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

// BenchmarkLinearity measures what BenchmarkScale does, the marginal cost
// of a statement, with the sizes taking turns inside every iteration: on a
// machine whose speed drifts by tens of percent from one second to the
// next, runs of BenchmarkScale seconds apart could not tell whether a
// statement costs more at 10,000 than at 100. Each size gets about the
// same number of statements per turn, so each starts with caches holding
// another size's policies. It reports each size's marginal cost of a
// traced statement, and the ratio to the cost at 100 statements of traced
// (trace-x) and untraced (decide-x) statements.
func BenchmarkLinearity(b *testing.B) {
	req := scaleRequest(b, "arn:aws:s3:::other/key", "none")
	sizes := []int{1, 10, 100, 1000, 10000}
	pols := make([]*Policies, len(sizes))
	for i, n := range sizes {
		pols[i] = scalePolicies(b, n, "arn:aws:s3:::bucket-")
	}
	modes := []Options{{Trace: true}, {}}
	spent := make([][]time.Duration, len(modes))
	reps := make([]int, len(sizes))
	for m := range modes {
		spent[m] = make([]time.Duration, len(sizes))
	}
	for b.Loop() {
		for i, n := range sizes {
			r := max(1, 10000/n)
			for m, opts := range modes {
				start := time.Now()
				for range r {
					if res := Evaluate(pols[i], req, opts); res.Decision != ImplicitDeny {
						b.Fatal(res.Reason())
					}
				}
				spent[m][i] += time.Since(start)
			}
			reps[i] += r
		}
	}
	// marginal is the cost of a statement after the first at size i.
	marginal := func(m, i int) float64 {
		per := func(i int) float64 { return float64(spent[m][i].Nanoseconds()) / float64(reps[i]) }
		return (per(i) - per(0)) / float64(sizes[i]-1)
	}
	for i, n := range sizes[1:] {
		b.ReportMetric(marginal(0, i+1), "ns/stmt@"+strconv.Itoa(n))
	}
	b.ReportMetric(marginal(0, 3)/marginal(0, 2), "trace-x1000/100")
	b.ReportMetric(marginal(0, 4)/marginal(0, 2), "trace-x10000/100")
	b.ReportMetric(marginal(1, 4)/marginal(1, 2), "decide-x10000/100")
}
