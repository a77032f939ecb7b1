package main

import (
	"strconv"
	"strings"
)

const (
	user    = "arn:aws:iam::111111111111:user/alice"
	request = `"request":{"principal":"` + user + `","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"}`
)

func stmt(i int, resource string) string {
	return `{"Sid":"S` + strconv.Itoa(i) + `","Effect":"Allow","Action":"s3:PutObject","Resource":"` + resource + `"}`
}

func policyOf(n int, resource string) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = stmt(i, resource)
	}
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(parts, ",") + `]}`
}

// policy39 is a 3.9 MB policy of 4,900 statements, each with a 700-byte
// resource, and a request none of them matches.
func policy39() string {
	pol := policyOf(4900, "arn:aws:s3:::b/"+strings.Repeat("p", 700)+"/*")
	return `{"policies":{"identity":[` + pol + `]},` + request + `}`
}

// cases are the inputs issue reports and reviews found costly, and others of
// the same kind.
var cases = []hostCase{
	{"link-10mb", "a 14 KB share link that inflates to 10 MB", []string{"self", "-case", "link", "@"}, false,
		func() string { return link(10 << 20) }},
	{"link-100mb", "a ~140 KB share link that inflates to 100 MB", []string{"self", "-case", "link", "@"}, false,
		func() string { return link(100 << 20) }},
	{"newlines-100mb", "a 100 MB file of newlines (iamplay eval FILE)", []string{"iamplay", "eval", "@"}, false,
		func() string { return strings.Repeat("\n", 100<<20) }},
	{"stdin-100mb", "100 MB on standard input (iamplay eval -)", []string{"iamplay", "eval", "-"}, true,
		func() string { return strings.Repeat(" ", 100<<20) }},
	{"nesting-10000", "JSON nested 10,000 deep", []string{"iamplay", "eval", "@"}, false,
		func() string { return strings.Repeat("[", 10000) + strings.Repeat("]", 10000) }},
	{"minified-4900-nonascii", "a minified 4,900-statement policy on one line, with é, and errors at both ends", []string{"iamplay", "eval", "@"}, false, func() string {
		pol := strings.Replace(policyOf(4900, "arn:aws:s3:::b/é/*"), `"Version"`, `"Bogus":1,"Version"`, 1)
		pol = strings.TrimSuffix(pol, "]}") + `,{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}`
		return `{"policies":{"identity":[` + pol + `]},` + request + `}`
	}},
	{"trace-long-resource", "a 64 KB resource ARN against 5,000 matching statements (iamplay eval --explain)", []string{"iamplay", "eval", "--explain", "@"}, false, func() string {
		res := "arn:aws:s3:::b/" + strings.Repeat("x", 64<<10)
		in := `{"policies":{"identity":[` + policyOf(2500, "*") + `,` + policyOf(2500, "*") + `]},"request":{"principal":"` + user +
			`","action":"s3:PutObject","resource":"` + res + `"}}`
		return in
	}},
	{"policy-3.9mb", "a 3.9 MB policy (iamplay eval, default output)", []string{"iamplay", "eval", "@"}, false, policy39},
	{"policy-3.9mb-trace", "the same with the whole JSON trace (iamplay eval --trace)", []string{"iamplay", "eval", "--trace", "@"}, false, policy39},
	{"policy-3.9mb-explain", "the same with the text trace (iamplay eval --explain)", []string{"iamplay", "eval", "--explain", "@"}, false, policy39},
	{"wildcards", "1,000 '*a' segments against a 100 KB resource", []string{"iamplay", "eval", "@"}, false, func() string {
		pat := "arn:aws:s3:::" + strings.Repeat("*a", 1000) + "b"
		res := "arn:aws:s3:::" + strings.Repeat("a", 100<<10)
		in := `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"` + pat + `"}]}]},` +
			`"request":{"principal":"` + user + `","action":"s3:GetObject","resource":"` + res + `"}}`
		return in
	}},
	{"assume-chain-1000", "a 1,000-step assume chain in a 15 KB scenario file (iamplay test)", []string{"iamplay", "test", "@"}, false, func() string {
		steps := strings.TrimSuffix(strings.Repeat(`{"role":"R"},`, 1000), ",")
		w := `{"title":"t","summary":"s","world":{"accounts":[{"id":"111111111111","roles":[{"name":"R",` +
			`"trustPolicy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]},` +
			`"inlinePolicies":[{"name":"p","document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}}]}]}]},` +
			`"requests":[{"name":"r","principal":{"role":"R"},"assume":[` + steps + `],"action":"s3:GetObject","resource":"*","expect":"allowed"}]}`
		return w
	}},
	{"org-levels-50", "SCPs at 50 organization levels", []string{"iamplay", "eval", "@"}, false, func() string {
		lv := strings.TrimSuffix(strings.Repeat(`[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}],`, 50), ",")
		return `{"policies":{"scp":[` + lv + `]},` + request + `}`
	}},
}
