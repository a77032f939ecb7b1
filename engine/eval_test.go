package engine

import (
	"strings"
	"testing"
)

// doc builds a one-statement policy document.
func doc(stmts ...string) string {
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

const (
	alice      = "arn:aws:iam::111111111111:user/alice"
	ec2Session = "arn:aws:sts::111111111111:assumed-role/SecureCartEC2Role/i-0abc"
	ec2Role    = "arn:aws:iam::111111111111:role/SecureCartEC2Role"
	ciSession  = "arn:aws:sts::333333333333:assumed-role/CICD/build-1"
	imagesObj  = "arn:aws:s3:::securecart-product-images/shoes.jpg"
	allowGet   = `{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}`
	denyGet    = `{"Effect":"Deny","Action":"s3:GetObject","Resource":"*"}`
	allowAll   = `{"Effect":"Allow","Action":"*","Resource":"*"}`
	allowS3    = `{"Effect":"Allow","Action":"s3:*","Resource":"*"}`
	allowEC2   = `{"Effect":"Allow","Action":"ec2:*","Resource":"*"}`
)

// bucket builds a resource-based policy granting s3:GetObject to principal.
func bucket(effect, principal string) string {
	return doc(`{"Effect":"` + effect + `","Principal":` + principal + `,"Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-product-images/*"}`)
}

type evalCase struct {
	name      string
	principal string
	action    string
	resource  string
	owner     string
	context   string // JSON object or ""
	policies  string // the members of "policies"
	want      Decision
	reason    string // substring of Reason()
}

func (c evalCase) input() string {
	action, resource := c.action, c.resource
	if action == "" {
		action = "s3:GetObject"
	}
	if resource == "" {
		resource = imagesObj
	}
	ctx := c.context
	if ctx == "" {
		ctx = "{}"
	}
	owner := ""
	if c.owner != "" {
		owner = `,"resourceOwner":"` + c.owner + `"`
	}
	return `{"policies":{` + c.policies + `},"request":{"principal":"` + c.principal + `","action":"` + action +
		`","resource":"` + resource + `"` + owner + `,"context":` + ctx + `}}`
}

func runCase(t *testing.T, c evalCase) Result {
	t.Helper()
	in, errs := ParseInput("case.json", []byte(c.input()))
	if errs.HasErrors() {
		t.Fatalf("input errors: %v\n%s", errs, c.input())
	}
	req, err := in.Prepare()
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	res := Evaluate(&in.Policies, req, Options{})
	traced := Evaluate(&in.Policies, req, Options{Trace: true})
	if res.Decision != traced.Decision || res.Reason() != traced.Reason() {
		t.Fatalf("tracing changed the outcome: %v (%s) vs %v (%s)", res.Decision, res.Reason(), traced.Decision, traced.Reason())
	}
	return traced
}

// The cases cite the rule of the IAM User Guide they check: "Policy
// evaluation logic" (PEL), "Policy evaluation for requests within a single
// account" (single), "Cross-account policy evaluation logic" (cross),
// "Permissions boundaries for IAM entities" (boundaries), "Session policies",
// "Service control policies" (SCP), "Resource control policies" (RCP).
var evalCases = []evalCase{
	{name: "PEL/by default all requests are implicitly denied", principal: alice,
		policies: `"identity":[]`, want: ImplicitDeny, reason: "no policy allows"},
	{name: "PEL/an identity-based allow grants", principal: alice,
		policies: `"identity":[` + doc(allowGet) + `]`, want: Allowed, reason: "identity policy 1"},
	{name: "PEL/an explicit deny overrides any allow", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `,` + doc(denyGet) + `]`, want: ExplicitDeny, reason: "identity policy 2"},
	{name: "PEL/a statement whose action does not match neither allows nor denies", principal: alice,
		policies: `"identity":[` + doc(allowEC2) + `]`, want: ImplicitDeny},
	{name: "PEL/actions match case-insensitively", principal: alice, action: "S3:getobject",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObj*","Resource":"*"}`) + `]`, want: Allowed},
	{name: "PEL/resource ARNs match case-sensitively", principal: alice,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::SecureCart-Product-Images/*"}`) + `]`, want: ImplicitDeny},
	{name: "PEL/NotAction with Allow grants every other action", principal: alice,
		policies: `"identity":[` + doc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`) + `]`, want: Allowed},
	{name: "PEL/NotAction with Allow does not grant the listed actions", principal: alice, action: "iam:CreateUser", resource: "arn:aws:iam::111111111111:user/bob",
		policies: `"identity":[` + doc(`{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}`) + `]`, want: ImplicitDeny},
	{name: "PEL/NotResource with Deny denies every other resource", principal: alice,
		policies: `"identity":[` + doc(allowAll, `{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::other-bucket/*"}`) + `]`, want: ExplicitDeny},

	// Service control policies.
	{name: "SCP/a deny in any SCP denies even with an identity allow", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"scp":[[` + doc(allowAll) + `],[` + doc(allowAll, denyGet) + `]]`, want: ExplicitDeny, reason: "SCP level 2 policy 1"},
	{name: "SCP/every level must allow: a level that allows nothing is an implicit deny", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"scp":[[` + doc(allowAll) + `],[` + doc(allowEC2) + `]]`, want: ImplicitDeny, reason: "SCP level 2"},
	{name: "SCP/an SCP allow does not grant by itself", principal: alice,
		policies: `"identity":[],"scp":[[` + doc(allowAll) + `]]`, want: ImplicitDeny},
	{name: "SCP/SCPs do not restrict service-linked roles", principal: "arn:aws:sts::111111111111:assumed-role/AWSServiceRoleForECS/ecs",
		policies: `"identity":[` + doc(allowAll) + `],"scp":[[` + doc(allowEC2) + `]]`, want: Allowed},
	{name: "SCP/SCPs restrict the root user of a member account", principal: "arn:aws:iam::111111111111:root",
		policies: `"identity":[],"scp":[[` + doc(allowAll, denyGet) + `]]`, want: ExplicitDeny},

	// Resource control policies.
	{name: "RCP/a deny in an RCP denies", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"rcp":[[` + doc(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}`) + `]]`, want: ExplicitDeny, reason: "RCP level 1"},
	{name: "RCP/RCPFullAWSAccess is always attached, so RCPs without a matching deny do not block", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"rcp":[[` + doc(`{"Effect":"Deny","Principal":"*","Action":"kms:*","Resource":"*"}`) + `]]`, want: Allowed},

	// Resource-based policies within one account.
	{name: "single/a resource policy naming the IAM user grants without an identity policy", principal: alice,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+alice+`"}`), want: Allowed, reason: "names the IAM user directly"},
	{name: "single/a boundary's implicit deny does not limit a resource policy grant to the user ARN", principal: alice,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+alice+`"}`) + `,"permissionsBoundary":` + doc(allowEC2), want: Allowed},
	{name: "single/a boundary's explicit deny still denies a resource policy grant", principal: alice,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+alice+`"}`) + `,"permissionsBoundary":` + doc(allowAll, denyGet), want: ExplicitDeny},
	{name: "single/a resource policy naming the role grants to its sessions", principal: ec2Session,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`), want: Allowed},
	{name: "single/a grant to the role ARN is limited by the boundary's implicit deny", principal: ec2Session,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`) + `,"permissionsBoundary":` + doc(allowEC2), want: ImplicitDeny, reason: "permissions boundary"},
	{name: "single/a grant to the role ARN is limited by the session policy's implicit deny", principal: ec2Session,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`) + `,"session":` + doc(allowEC2), want: ImplicitDeny, reason: "session policy"},
	{name: "single/a grant to the session ARN is not limited by the session policy", principal: ec2Session,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"`+ec2Session+`"}`) + `,"session":` + doc(allowEC2), want: Allowed},
	{name: "single/naming only the account delegates to identity-based policies", principal: alice,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"111111111111"}`), want: ImplicitDeny, reason: "names only the account"},
	{name: "single/naming the account plus an identity allow grants", principal: alice,
		policies: `"identity":[` + doc(allowGet) + `],"resource":` + bucket("Allow", `{"AWS":"arn:aws:iam::111111111111:root"}`), want: Allowed},
	{name: "single/a resource policy deny overrides an identity allow", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + bucket("Deny", `"*"`), want: ExplicitDeny, reason: "resource-based policy"},
	{name: "single/a resource policy for another principal does not grant", principal: alice,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"arn:aws:iam::111111111111:user/bob"}`), want: ImplicitDeny},

	// Identity side limits.
	{name: "boundaries/identity allow outside the boundary is an implicit deny", principal: alice,
		policies: `"identity":[` + doc(allowAll) + `],"permissionsBoundary":` + doc(allowEC2), want: ImplicitDeny, reason: "permissions boundary"},
	{name: "boundaries/identity allow inside the boundary grants", principal: alice,
		policies: `"identity":[` + doc(allowGet) + `],"permissionsBoundary":` + doc(allowS3), want: Allowed},
	{name: "boundaries/a boundary alone grants nothing", principal: alice,
		policies: `"identity":[],"permissionsBoundary":` + doc(allowAll), want: ImplicitDeny},
	{name: "session policies/the session policy must also allow", principal: ec2Session,
		policies: `"identity":[` + doc(allowAll) + `],"session":` + doc(allowEC2), want: ImplicitDeny, reason: "session policy"},
	{name: "session policies/intersection of role policy and session policy grants", principal: ec2Session,
		policies: `"identity":[` + doc(allowS3) + `],"session":` + doc(allowGet), want: Allowed},

	// Cross-account.
	{name: "cross/identity allow alone is not enough across accounts", principal: ciSession,
		policies: `"identity":[` + doc(allowAll) + `]`, owner: "111111111111", want: ImplicitDeny, reason: "cross-account"},
	{name: "cross/resource allow alone is not enough across accounts", principal: ciSession,
		policies: `"identity":[],"resource":` + bucket("Allow", `{"AWS":"arn:aws:iam::333333333333:role/CICD"}`), owner: "111111111111", want: ImplicitDeny, reason: "identity-based policies must allow"},
	{name: "cross/both sides allowing grants", principal: ciSession,
		policies: `"identity":[` + doc(allowGet) + `],"resource":` + bucket("Allow", `{"AWS":"333333333333"}`), owner: "111111111111", want: Allowed, reason: "across accounts"},
	{name: "cross/the principal's boundary still applies", principal: ciSession,
		policies: `"identity":[` + doc(allowGet) + `],"resource":` + bucket("Allow", `{"AWS":"333333333333"}`) + `,"permissionsBoundary":` + doc(allowEC2), owner: "111111111111", want: ImplicitDeny},

	// Principals without identity policies.
	{name: "PEL/the root user has full access to its own account", principal: "arn:aws:iam::111111111111:root",
		policies: `"identity":[]`, want: Allowed, reason: "root user"},
	{name: "principal/anonymous callers are granted only by Principal \"*\"", principal: "anonymous", owner: "111111111111",
		policies: `"resource":` + bucket("Allow", `"*"`), want: Allowed},
	{name: "principal/anonymous callers are not covered by an account principal", principal: "anonymous", owner: "111111111111",
		policies: `"resource":` + bucket("Allow", `{"AWS":"111111111111"}`), want: ImplicitDeny},
	{name: "principal/a service principal is granted by a resource policy naming it", principal: "cloudfront.amazonaws.com", owner: "111111111111",
		policies: `"resource":` + bucket("Allow", `{"Service":"cloudfront.amazonaws.com"}`), want: Allowed},
	{name: "principal/SCPs do not apply to service principals", principal: "cloudfront.amazonaws.com", owner: "111111111111",
		policies: `"resource":` + bucket("Allow", `{"Service":"cloudfront.amazonaws.com"}`) + `,"scp":[[` + doc(allowEC2) + `]]`, want: Allowed},
	{name: "NotPrincipal/a Deny with NotPrincipal does not apply to the listed user", principal: alice,
		policies: `"identity":[` + doc(allowGet) + `],"resource":` + doc(`{"Effect":"Deny","NotPrincipal":{"AWS":"`+alice+`"},"Action":"s3:*","Resource":"*"}`), want: Allowed},
	{name: "NotPrincipal/a Deny with NotPrincipal always applies to a principal with a permissions boundary", principal: alice,
		policies: `"identity":[` + doc(allowGet) + `],"permissionsBoundary":` + doc(allowAll) + `,"resource":` + doc(`{"Effect":"Deny","NotPrincipal":{"AWS":"`+alice+`"},"Action":"s3:*","Resource":"*"}`), want: ExplicitDeny},

	// Conditions.
	{name: "conditions/a condition on a missing key does not match", principal: alice,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}`) + `]`, want: ImplicitDeny},
	{name: "conditions/condition keys ignore case", principal: alice, context: `{"AWS:MultiFactorAuthPresent":"true"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:multifactorauthpresent":"true"}}}`) + `]`, want: Allowed},
	{name: "conditions/BoolIfExists pitfall: long-term keys carry no MFA key, so a deny with BoolIfExists false applies", principal: alice,
		policies: `"identity":[` + doc(allowAll, `{"Effect":"Deny","NotAction":"iam:ChangePassword","Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}`) + `]`, want: ExplicitDeny},
	{name: "conditions/a deny with Bool false does not apply when the key is missing", principal: alice,
		policies: `"identity":[` + doc(allowAll, `{"Effect":"Deny","NotAction":"iam:ChangePassword","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}`) + `]`, want: Allowed},
	{name: "conditions/several keys under one operator are AND-ed", principal: alice, context: `{"aws:SourceIp":"203.0.113.9","aws:SecureTransport":"false"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"Bool":{"aws:SecureTransport":"true"}}}`) + `]`, want: ImplicitDeny},
	{name: "conditions/several values for one key are OR-ed", principal: alice, context: `{"aws:SourceIp":"198.51.100.4"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}}`) + `]`, want: Allowed},
	{name: "conditions/derived aws:PrincipalAccount is available to conditions", principal: alice,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalAccount":"111111111111"}}}`) + `]`, want: Allowed},

	// Policy variables.
	{name: "variables/${aws:username} is substituted in the Resource element", principal: alice, resource: "arn:aws:s3:::securecart-home/alice/notes.txt",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username}/*"}`) + `]`, want: Allowed},
	{name: "variables/another user's folder does not match", principal: alice, resource: "arn:aws:s3:::securecart-home/bob/notes.txt",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username}/*"}`) + `]`, want: ImplicitDeny},
	{name: "variables/a variable whose key is missing matches nothing", principal: ec2Session, resource: "arn:aws:s3:::securecart-home/i-0abc/notes.txt",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username}/*"}`) + `]`, want: ImplicitDeny},
	{name: "variables/a default value stands in for a missing key", principal: ec2Session, resource: "arn:aws:s3:::securecart-home/shared/notes.txt",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username, 'shared'}/*"}`) + `]`, want: Allowed},
	{name: "variables/without Version 2012-10-17 variables are literal text", principal: alice, resource: "arn:aws:s3:::securecart-home/alice/notes.txt",
		policies: `"identity":[{"Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username}/*"}}]`, want: ImplicitDeny},
	{name: "variables/substituted values are literal, not wildcards", principal: "arn:aws:iam::111111111111:user/a*", resource: "arn:aws:s3:::securecart-home/alice/notes.txt",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-home/${aws:username}/*"}`) + `]`, want: ImplicitDeny},
	{name: "variables/principal tags feed ABAC conditions", principal: alice, context: `{"aws:PrincipalTag/team":"payments","aws:ResourceTag/team":"payments"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"}}}`) + `]`, want: Allowed},

	// Role trust policies.
	{name: "trust/same account: a trust policy naming the user lets it assume the role", principal: alice, action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/Deploy",
		policies: `"identity":[],"resource":` + doc(`{"Effect":"Allow","Principal":{"AWS":"`+alice+`"},"Action":"sts:AssumeRole"}`), want: Allowed},
	{name: "trust/cross account: the caller also needs sts:AssumeRole", principal: ciSession, action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/Deploy",
		policies: `"identity":[],"resource":` + doc(`{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole"}`), want: ImplicitDeny},
	{name: "trust/ExternalId must match", principal: ciSession, action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/Deploy", context: `{"sts:ExternalId":"wrong"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`) + `],"resource":` + doc(`{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"SecureCart-7f3a"}}}`), want: ImplicitDeny},
	{name: "trust/ExternalId matching lets the partner assume the role", principal: ciSession, action: "sts:AssumeRole", resource: "arn:aws:iam::111111111111:role/Deploy", context: `{"sts:ExternalId":"SecureCart-7f3a"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`) + `],"resource":` + doc(`{"Effect":"Allow","Principal":{"AWS":"333333333333"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"SecureCart-7f3a"}}}`), want: Allowed},
}

func TestEvaluate(t *testing.T) { runTable(t, evalCases) }

// runTable evaluates each case and checks its decision and reason.
func runTable(t *testing.T, cases []evalCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := runCase(t, c)
			if res.Decision != c.want {
				t.Fatalf("decision = %v, want %v\nreason: %s\ninput: %s", res.Decision, c.want, res.Reason(), c.input())
			}
			if c.reason != "" && !strings.Contains(res.Reason(), c.reason) {
				t.Errorf("reason %q does not mention %q", res.Reason(), c.reason)
			}
		})
	}
}
