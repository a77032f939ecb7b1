package world

import (
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// A small world for web identity, session tags and VPC endpoints.
const federationWorld = `{"title": "t", "summary": "s",
 "world": {"accounts": [{"id": "111111111111",
   "users": [{"name": "sam", "tags": {"team": "payments"}, "accessKeys": [{"id": "AKIAEXAMPLESAM000001"}],
     "inlinePolicies": [{"name": "p", "document": {"Version": "2012-10-17", "Statement": [
       {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:TagSession", "s3:GetObject"], "Resource": "*"}]}}]}],
   "roles": [
     {"name": "Deploy", "tags": {"team": "none"},
      "trustPolicy": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"},
         "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": ["sts:AssumeRole", "sts:TagSession"]}]},
      "inlinePolicies": [{"name": "read", "document": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}],
   "vpcEndpoints": [{"id": "vpce-0a", "vpc": "vpc-0a"}],
   "resources": [{"arn": "arn:aws:s3:::securecart-data"}]}]},
 "requests": [
   {"name": "oidc", "principal": {"webIdentity": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", "claims": {"aud": "sts.amazonaws.com"}},
    "assume": [{"role": "Deploy"}], "action": "s3:GetObject", "resource": "arn:aws:s3:::securecart-data/a", "expect": "allowed"},
   {"name": "tags", "principal": {"user": "sam"}, "assume": [{"role": "Deploy", "tags": {"team": "payments"}}],
    "action": "s3:GetObject", "resource": "arn:aws:s3:::securecart-data/a", "expect": "allowed"},
   {"name": "endpoint", "principal": {"user": "sam"}, "via": "vpce-0a", "context": {"aws:SourceIp": "203.0.113.9"},
    "action": "s3:GetObject", "resource": "arn:aws:s3:::securecart-data/a", "expect": "allowed"}
 ]}`

func outcome(t *testing.T, s *Scenario, name string) *Outcome {
	t.Helper()
	for _, r := range s.Requests {
		if r.Name == name {
			return s.Evaluate(r, engine.Options{})
		}
	}
	t.Fatalf("no request %q", name)
	return nil
}

func TestFederationTagsAndEndpoints(t *testing.T) {
	s, errs := Parse("fed.json", []byte(federationWorld))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	t.Run("OIDC federation: the first step is sts:AssumeRoleWithWebIdentity with the token's claims as HOST:claim keys", func(t *testing.T) {
		o := outcome(t, s, "oidc")
		if o.Decision != engine.Allowed {
			t.Fatalf("decision %v", o.Decision)
		}
		st := o.Steps[0]
		if st.Request.Action != "sts:AssumeRoleWithWebIdentity" || st.Request.Principal != "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com" {
			t.Errorf("first step %s by %s", st.Request.Action, st.Request.Principal)
		}
		if v, _ := ctxValue(st, "token.actions.githubusercontent.com:aud"); v != "sts.amazonaws.com" {
			t.Errorf("aud claim = %q", v)
		}
		if _, ok := ctxValue(last(o), "token.actions.githubusercontent.com:aud"); ok {
			t.Error("the claims belong to the assume call, not to the session's requests")
		}
	})
	t.Run("Passing session tags in AWS STS: sts:TagSession is a step, and the session tag overrides the role tag", func(t *testing.T) {
		o := outcome(t, s, "tags")
		if o.Decision != engine.Allowed || len(o.Steps) != 3 {
			t.Fatalf("decision %v with %d steps", o.Decision, len(o.Steps))
		}
		if a := o.Steps[1].Request.Action; a != "sts:TagSession" {
			t.Errorf("second step is %s", a)
		}
		if v, _ := ctxValue(o.Steps[0], "aws:RequestTag/team"); v != "payments" {
			t.Errorf("aws:RequestTag/team on the assume call = %q", v)
		}
		if v, _ := ctxValue(last(o), "aws:PrincipalTag/team"); v != "payments" {
			t.Errorf("aws:PrincipalTag/team = %q, want the session tag", v)
		}
	})
	t.Run("VPC endpoint policies: the request carries aws:SourceVpce and no aws:SourceIp, and the default policy allows", func(t *testing.T) {
		o := outcome(t, s, "endpoint")
		st := last(o)
		if st.Policies.Endpoint == nil {
			t.Fatal("no endpoint policy")
		}
		if v, _ := ctxValue(st, "aws:SourceVpce"); v != "vpce-0a" {
			t.Errorf("aws:SourceVpce = %q", v)
		}
		if _, ok := ctxValue(st, "aws:SourceIp"); ok {
			t.Error("a request through an endpoint has no aws:SourceIp")
		}
		if o.Decision != engine.Allowed {
			t.Errorf("decision %v: the default endpoint policy allows everything", o.Decision)
		}
	})
}

func TestFederationErrors(t *testing.T) {
	cases := []struct{ name, request, want string }{
		{"a web identity user needs an assume step",
			`{"name": "x", "principal": {"webIdentity": "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"}, "action": "s3:GetObject", "resource": "*", "expect": "allowed"}`,
			"can only assume a role"},
		{"webIdentity must be an identity provider",
			`{"name": "x", "principal": {"webIdentity": "arn:aws:iam::111111111111:user/sam"}, "assume": [{"role": "Deploy"}], "action": "s3:GetObject", "resource": "*", "expect": "allowed"}`,
			"webIdentity must be an oidc-provider ARN"},
		{"via names a declared endpoint",
			`{"name": "x", "principal": {"user": "sam"}, "via": "vpce-nope", "action": "s3:GetObject", "resource": "*", "expect": "allowed"}`,
			`VPC endpoint "vpce-nope" is not declared`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := federationWorld[:strings.Index(federationWorld, `"requests": [`)] + `"requests": [` + c.request + `]}`
			_, errs := Parse("fed.json", []byte(src))
			if !errs.HasErrors() || !strings.Contains(errs.Error(), c.want) {
				t.Fatalf("errors %v, want %q", errs, c.want)
			}
			if errs[0].Span.Start.Line == 0 {
				t.Errorf("error without a position: %v", errs[0])
			}
		})
	}
}
