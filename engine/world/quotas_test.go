package world

import (
	"strings"
	"testing"
)

// A world over AWS's quotas is refused with the position of what is over
// (IAM User Guide, "IAM and AWS STS quotas"; AWS Organizations quotas).
func TestQuotas(t *testing.T) {
	big := func(n int) string { // a policy of about n characters
		return `{"Version": "2012-10-17", "Statement": [{"Sid": "` + strings.Repeat("A", n) + `", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	}
	trust := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}`
	world := func(account, org, request string) string {
		return `{"title": "t", "summary": "s", "world": {` + org + `"accounts": [{"id": "111111111111", ` + account + `}]},
		 "requests": [` + request + `]}`
	}
	okRequest := `{"name": "r", "principal": {"role": "R"}, "action": "s3:GetObject", "resource": "*", "expect": "allowed"}`
	role := func(extra string) string {
		return `"roles": [{"name": "R", "trustPolicy": ` + trust + extra + `}]`
	}
	managed := func(n int) string {
		var refs []string
		for range n {
			refs = append(refs, `"arn:aws:iam::aws:policy/ReadOnlyAccess"`)
		}
		return `, "managedPolicies": [` + strings.Join(refs, ",") + `]`
	}
	ous := func(depth int) string {
		s := `{"name": "leaf", "accounts": ["111111111111"]}`
		for i := 1; i < depth; i++ {
			s = `{"name": "ou` + strings.Repeat("x", i) + `", "ous": [` + s + `]}`
		}
		return `"organization": {"id": "o-x", "root": {"ous": [` + s + `]}},`
	}
	chain := func(n int) string {
		steps := strings.TrimSuffix(strings.Repeat(`{"role": "R"},`, n), ",")
		return `{"name": "r", "principal": {"role": "R"}, "assume": [` + steps + `], "action": "s3:GetObject", "resource": "*", "expect": "allowed"}`
	}
	cases := []struct{ name, src, want string }{
		{"at most 20 managed policies on a role", world(role(managed(21)), "", okRequest), "managedPolicies has 21"},
		{"a role's inline policies at most 10,240 characters", world(role(`, "inlinePolicies": [{"name": "a", "document": `+big(6000)+`}, {"name": "b", "document": `+big(6000)+`}]`), "", okRequest), "AWS allows at most 10240"},
		{"a trust policy at most 4,096 characters", world(`"roles": [{"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Sid": "`+strings.Repeat("A", 5000)+`", "Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sts:AssumeRole"}]}}]`, "", okRequest), "AWS allows at most 4096"},
		{"a managed policy at most 6,144 characters", world(`"policies": [{"name": "P", "document": `+big(7000)+`}], `+role(""), "", okRequest), "AWS allows at most 6144"},
		{"OUs nest at most 5 levels", world(role(""), ous(6), okRequest), "nested 6 levels"},
		{"an assume chain of at most 10 steps", world(role(""), "", chain(11)), "assume chain has 11"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Parse("q.json", []byte(c.src))
			var all []string
			for _, e := range errs {
				all = append(all, e.Error())
			}
			if !strings.Contains(strings.Join(all, "\n"), c.want) {
				t.Fatalf("errors %v, want %q", errs, c.want)
			}
			for _, e := range errs {
				if e.Code == "world.quota" && !e.Span.Start.IsValid() {
					t.Errorf("quota error without a position: %v", e)
				}
			}
		})
	}
	if _, errs := Parse("ok.json", []byte(world(role(managed(20)), ous(5), chain(10)))); errs.HasErrors() {
		t.Errorf("a world at the quotas is refused: %v", errs)
	}
}
