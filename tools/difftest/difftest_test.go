package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	for i := range 50 {
		a, b := Generate(7, i).JSON(), Generate(7, i).JSON()
		if !bytes.Equal(a, b) {
			t.Fatalf("case %d differs between two generations:\n%s\n%s", i, a, b)
		}
	}
	if bytes.Equal(Generate(7, 1).JSON(), Generate(8, 1).JSON()) {
		t.Error("seeds 7 and 8 give the same case 1")
	}
}

// TestGeneratorCoverage checks that a few thousand cases reach every policy
// type, principal kind, operator family and service the test is meant to
// cover.
func TestGeneratorCoverage(t *testing.T) {
	seen := map[string]bool{}
	for i := range 3000 {
		for _, f := range Features(Generate(1, i)) {
			seen[f] = true
		}
	}
	want := []string{
		"policy:identity", "policy:resource", "policy:boundary", "policy:session", "policy:scp", "policy:rcp", "policy:vpcEndpoint",
		"principal:user", "principal:role", "principal:session", "principal:root", "principal:federatedUser",
		"principal:service", "principal:anonymous", "principal:webIdentity", "principal:saml", "principal:serviceLinked",
		"account:same", "account:cross",
		"service:s3", "service:sts", "service:kms", "service:sqs", "service:secretsmanager", "service:lambda",
		"action:sts:AssumeRoleWithWebIdentity", "action:sts:AssumeRoleWithSAML", "action:sts:TagSession",
		"action:sts:SetSourceIdentity", "action:sts:GetCallerIdentity",
		"op:StringEquals", "op:StringNotLike", "op:ArnLike", "op:ArnNotEquals", "op:IpAddress", "op:NotIpAddress",
		"op:Bool", "op:NumericLessThan", "op:DateGreaterThan", "op:Null", "op:StringEqualsIfExists",
		"op:ForAnyValue:StringEquals", "op:ForAllValues:StringLike",
		"var:${aws:username}", "var:${aws:PrincipalTag/missing}", "var:${*}", "var:${aws:PrincipalTag/team, 'web'}",
		"key:token.actions.githubusercontent.com:sub", "key:cognito-identity.amazonaws.com:amr", "key:aws:PrincipalOrgPaths", "key:aws:CalledVia", "key:saml:aud", "key:aws:PrincipalArn",
		"principalElem:*", "principalElem:AWS:account", "principalElem:AWS:role", "principalElem:Federated:saml", "principalElem:Federated:oidc",
		"elem:NotPrincipal", "notPrincipalElem:AWS:account", "elem:NotAction", "elem:NotResource",
	}
	for _, f := range want {
		if !seen[f] {
			t.Errorf("no generated case has %s", f)
		}
	}
}

func TestRuleMatches(t *testing.T) {
	r := Rule{All: []string{"principal:root"}, Any: []string{"policy:scp", "key:token.actions%"}, None: []string{"service:kms"}}
	for _, tc := range []struct {
		fs   []string
		want bool
	}{
		{[]string{"policy:scp", "principal:root", "service:s3"}, true},
		{[]string{"key:token.actions.githubusercontent.com:sub", "key:cognito-identity.amazonaws.com:amr", "key:aws:PrincipalOrgPaths", "key:aws:CalledVia", "principal:root"}, true},
		{[]string{"principal:root", "service:s3"}, false},                // none of Any
		{[]string{"policy:scp", "principal:user"}, false},                // not All
		{[]string{"policy:scp", "principal:root", "service:kms"}, false}, // None
	} {
		if got := r.Matches(tc.fs); got != tc.want {
			t.Errorf("Matches(%v) = %v, want %v", tc.fs, got, tc.want)
		}
	}
}

func TestAdjudicatedRulesCiteAWS(t *testing.T) {
	rules, err := LoadRules("adjudicated.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if !strings.Contains(r.Doc, "https://docs.aws.amazon.com/") {
			t.Errorf("rule %s cites no AWS documentation page: %q", r.ID, r.Doc)
		}
	}
}

func TestShrinksKeepRequiredPolicies(t *testing.T) {
	c := &Case{Request: Request{Principal: "arn:aws:iam::111111111111:user/alice", Action: "kms:Decrypt", Resource: "arn:aws:kms:us-east-1:111111111111:key/k"}}
	c.Policies.Resource = &Doc{Version: version, Statement: []*Stmt{{Effect: "Allow", Principal: "*", Action: []string{"kms:*"}, Resource: []string{"*"}}}}
	c.Policies.Identity = []*Doc{fullAccess()}
	ss := shrinks(c)
	if len(ss) == 0 {
		t.Fatal("no shrinks of a case with an identity policy")
	}
	for _, s := range ss {
		if s.Policies.Resource == nil {
			t.Fatal("a shrink drops the key policy, which every KMS key has")
		}
	}
}

// denyAll is an oracle that never allows.
type denyAll struct{ calls int }

func (d *denyAll) Eval(*Case) (SimAnswer, error) {
	d.calls++
	return SimAnswer{Decision: "implicitDeny"}, nil
}

// TestMinimiseKeepsOnlyWhatDisagrees: against an oracle that never allows,
// the engine's allow needs one allowing statement and nothing else, so the
// minimiser must strip every other policy, statement, condition and key.
func TestMinimiseKeepsOnlyWhatDisagrees(t *testing.T) {
	allow := &Stmt{Effect: "Allow", Action: []string{"s3:GetObject", "sqs:*"}, Resource: []string{"*"},
		Condition: map[string]map[string][]string{"StringEquals": {"aws:PrincipalTag/team": {"web"}}}}
	c := &Case{
		Policies: Policies{
			Identity: []*Doc{
				{Version: version, Statement: []*Stmt{{Effect: "Deny", Action: []string{"iam:*"}, Resource: []string{"*"}}, allow}},
				{Version: version, Statement: []*Stmt{{Effect: "Allow", Action: []string{"ec2:*"}, Resource: []string{"*"}}}},
			},
			SCP: [][]*Doc{{fullAccess()}, {fullAccess()}},
		},
		Request: Request{Principal: "arn:aws:iam::111111111111:user/alice", Action: "s3:GetObject",
			Resource: "arn:aws:s3:::securecart-product-images/a.jpg", ResourceOwner: "111111111111",
			Context: map[string]any{"aws:PrincipalTag/team": "web", "aws:SourceIp": "203.0.113.7"}},
	}
	if got := EvalEngine(c); got != "allowed" {
		t.Fatalf("the engine says %s to the starting case; want allowed", got)
	}
	o := &denyAll{}
	m, err := Minimise(c, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := EvalEngine(m); got != "allowed" {
		t.Errorf("the minimised case no longer disagrees: engine says %s", got)
	}
	p := m.Policies
	if len(p.Identity) != 1 || len(p.Identity[0].Statement) != 1 || p.SCP != nil {
		t.Errorf("minimised policies still hold more than the allowing statement: %s", m.JSON())
	}
	if st := p.Identity[0].Statement[0]; len(st.Action) != 1 || st.Condition != nil {
		t.Errorf("minimised statement keeps more than it needs: %s", m.JSON())
	}
	if len(m.Request.Context) != 0 {
		t.Errorf("unneeded context keys survived: %s", m.JSON())
	}
	if o.calls == 0 {
		t.Error("the minimiser never asked the oracle")
	}
}
