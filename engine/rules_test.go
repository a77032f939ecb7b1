package engine

import (
	"strings"
	"testing"
)

// The service-specific rules, each citing the AWS documentation it follows.
const (
	deployRole  = "arn:aws:iam::111111111111:role/Deploy"
	ssoRole     = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1a2b"
	ordersKey   = "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	githubOIDC  = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com"
	oktaSAML    = "arn:aws:iam::111111111111:saml-provider/Okta"
	allowAssume = `{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}`
)

func trustDoc(principal string, actions string) string {
	return doc(`{"Effect":"Allow","Principal":` + principal + `,"Action":` + actions + `}`)
}

func keyDoc(principal string) string {
	return doc(`{"Effect":"Allow","Principal":` + principal + `,"Action":"kms:*","Resource":"*"}`)
}

var ruleCases = []evalCase{
	// "Policy evaluation logic": "role trust policies and KMS key policies
	// are exceptions" — an identity-based policy alone cannot allow.
	{name: "trust (Policy evaluation logic)/same account: an identity allow without the trust policy admitting the caller is an implicit deny",
		principal: alice, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + trustDoc(`{"Service":"ec2.amazonaws.com"}`, `"sts:AssumeRole"`),
		want:     ImplicitDeny, reason: "role trust policy does not allow"},
	{name: "trust (Policy evaluation logic)/a trust policy naming the account delegates to the caller's identity policies",
		principal: alice, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[` + doc(allowAssume) + `],"resource":` + trustDoc(`{"AWS":"arn:aws:iam::111111111111:root"}`, `"sts:AssumeRole"`),
		want:     Allowed, reason: "identity policy 1"},
	{name: "trust (Policy evaluation logic)/a trust policy naming the account, with no identity allow, is an implicit deny",
		principal: alice, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[],"resource":` + trustDoc(`{"AWS":"111111111111"}`, `"sts:AssumeRole"`),
		want:     ImplicitDeny, reason: "names only the account"},
	{name: "trust (Policy evaluation logic)/a trust policy naming the user allows on its own in the same account",
		principal: alice, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[],"resource":` + trustDoc(`{"AWS":"`+alice+`"}`, `"sts:AssumeRole"`),
		want:     Allowed, reason: "names the IAM user directly"},
	{name: "trust (Roles terms and concepts)/a role with no trust policy given cannot be assumed",
		principal: alice, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[` + doc(allowAll) + `]`,
		want:     ImplicitDeny, reason: "no role trust policy was given"},
	{name: "trust (Passing session tags in AWS STS)/sts:TagSession is governed by the trust policy, which has no Resource",
		principal: alice, action: "sts:TagSession", resource: deployRole,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + trustDoc(`{"AWS":"`+alice+`"}`, `["sts:AssumeRole","sts:TagSession"]`),
		want:     Allowed},
	{name: "trust (Passing session tags in AWS STS)/without sts:TagSession in the trust policy, tagging the session is denied",
		principal: alice, action: "sts:TagSession", resource: deployRole,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + trustDoc(`{"AWS":"`+alice+`"}`, `"sts:AssumeRole"`),
		want:     ImplicitDeny, reason: "role trust policy does not allow"},
	{name: "trust (Cross-account policy evaluation logic)/across accounts both the trust policy and the caller's identity policy must allow",
		principal: ciSession, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[` + doc(allowAssume) + `],"resource":` + trustDoc(`{"AWS":"333333333333"}`, `"sts:AssumeRole"`),
		want:     Allowed, reason: "across accounts"},

	// Web identity and SAML federation (IAM User Guide, "OIDC federation",
	// "SAML 2.0 federation"; "AWS JSON policy elements: Principal").
	{name: "federation (OIDC federation)/GitHub Actions assumes a role whose trust policy names the provider and checks sub and aud",
		principal: githubOIDC, action: "sts:AssumeRoleWithWebIdentity", resource: deployRole,
		context:  `{"token.actions.githubusercontent.com:sub":"repo:securecart/shop:ref:refs/heads/main","token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}`,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":{"Federated":"`+githubOIDC+`"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:securecart/shop:*"}}}`),
		want:     Allowed},
	{name: "federation (OIDC federation)/a token from another repository does not match sub",
		principal: githubOIDC, action: "sts:AssumeRoleWithWebIdentity", resource: deployRole,
		context:  `{"token.actions.githubusercontent.com:sub":"repo:attacker/fork:ref:refs/heads/main","token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}`,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":{"Federated":"`+githubOIDC+`"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:securecart/shop:*"}}}`),
		want:     ImplicitDeny, reason: "role trust policy does not allow"},
	{name: "federation (Cognito identity pools)/cognito-identity.amazonaws.com is a web identity provider, not a service",
		principal: "cognito-identity.amazonaws.com", action: "sts:AssumeRoleWithWebIdentity", resource: deployRole,
		context:  `{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}`,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":"us-east-1:12345678-aaaa-bbbb-cccc-123456789012"}}}`),
		want:     Allowed},
	{name: "federation (SAML 2.0 federation)/a SAML user assumes a role whose trust policy names the saml-provider",
		principal: oktaSAML, action: "sts:AssumeRoleWithSAML", resource: deployRole, context: `{"SAML:aud":"https://signin.aws.amazon.com/saml"}`,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":{"Federated":"`+oktaSAML+`"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}}`),
		want:     Allowed},
	{name: "federation (AWS JSON policy elements: Principal)/an AWS principal entry does not admit a federated caller",
		principal: githubOIDC, action: "sts:AssumeRoleWithWebIdentity", resource: deployRole,
		policies: `"resource":` + trustDoc(`{"AWS":"arn:aws:iam::111111111111:root"}`, `"sts:AssumeRoleWithWebIdentity"`),
		want:     ImplicitDeny},

	// KMS key policies (AWS KMS Developer Guide, "Key policies in AWS KMS").
	{name: "kms (Key policies in AWS KMS)/without the key policy's permission, an identity policy that allows has no effect",
		principal: alice, action: "kms:Decrypt", resource: ordersKey,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + keyDoc(`{"AWS":"arn:aws:iam::111111111111:role/KeyAdmin"}`),
		want:     ImplicitDeny, reason: "KMS key policy does not allow"},
	{name: "kms (Default key policy)/a key policy allowing the account root enables IAM policies",
		principal: alice, action: "kms:Decrypt", resource: ordersKey,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + keyDoc(`{"AWS":"arn:aws:iam::111111111111:root"}`),
		want:     Allowed},
	{name: "kms (Default key policy)/enabling IAM policies still needs an identity policy that allows",
		principal: alice, action: "kms:Decrypt", resource: ordersKey,
		policies: `"identity":[],"resource":` + keyDoc(`{"AWS":"arn:aws:iam::111111111111:root"}`),
		want:     ImplicitDeny, reason: "names only the account"},
	{name: "kms (Key policies in AWS KMS)/even the account root user needs the key policy's permission",
		principal: "arn:aws:iam::111111111111:root", action: "kms:Decrypt", resource: ordersKey,
		policies: `"resource":` + keyDoc(`{"AWS":"arn:aws:iam::111111111111:role/KeyAdmin"}`),
		want:     ImplicitDeny},
	{name: "kms (Key policies in AWS KMS)/an IAM policy can deny without the key policy",
		principal: alice, action: "kms:Decrypt", resource: ordersKey,
		policies: `"identity":[` + doc(`{"Effect":"Deny","Action":"kms:*","Resource":"*"}`) + `],"resource":` + keyDoc(`{"AWS":"`+alice+`"}`),
		want:     ExplicitDeny},
	{name: "kms (Using aliases to control access to KMS keys)/a call that names the key by its alias still needs the key policy",
		principal: alice, action: "kms:Decrypt", resource: "arn:aws:kms:us-east-1:111111111111:alias/orders",
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + keyDoc(`{"AWS":"arn:aws:iam::111111111111:role/KeyAdmin"}`),
		want:     ImplicitDeny, reason: "KMS key policy does not allow"},
	{name: "kms (Key policies in AWS KMS)/every KMS key has a key policy: none given, nothing allows",
		principal: alice, action: "kms:Decrypt", resource: ordersKey,
		policies: `"identity":[` + doc(allowAll) + `]`,
		want:     ImplicitDeny, reason: "no KMS key policy was given"},

	// STS API Reference, GetCallerIdentity.
	{name: "sts (GetCallerIdentity)/needs no permission", principal: alice, action: "sts:GetCallerIdentity", resource: "*",
		policies: `"identity":[]`, want: Allowed, reason: "needs no permission"},
	{name: "sts (GetCallerIdentity)/an explicit deny does not stop it", principal: alice, action: "sts:GetCallerIdentity", resource: "*",
		policies: `"identity":[` + doc(`{"Effect":"Deny","Action":"sts:*","Resource":"*"}`) + `]`, want: Allowed},

	// What AWS refuses whatever the policies say.
	{name: "refused (STS API Reference, AssumeRole)/the root user cannot assume a role",
		principal: "arn:aws:iam::111111111111:root", action: "sts:AssumeRole", resource: deployRole,
		policies: `"resource":` + trustDoc(`{"AWS":"111111111111"}`, `"sts:AssumeRole"`),
		want:     ImplicitDeny, reason: "Refused: the account root user cannot assume a role"},
	{name: "refused (AWS managed policies)/an AWS managed policy cannot be changed",
		principal: alice, action: "iam:CreatePolicyVersion", resource: "arn:aws:iam::aws:policy/AdministratorAccess",
		policies: `"identity":[` + doc(allowAll) + `]`, want: ImplicitDeny, reason: "AWS managed policies belong to AWS"},
	{name: "refused (IAM Identity Center permission sets)/the AWSReservedSSO roles cannot be changed in IAM",
		principal: alice, action: "iam:AttachRolePolicy", resource: ssoRole,
		policies: `"identity":[` + doc(allowAll) + `]`, want: ImplicitDeny, reason: "belong to IAM Identity Center"},
	{name: "refused (Aliases in AWS KMS)/alias/aws/ names are reserved",
		principal: alice, action: "kms:CreateAlias", resource: "arn:aws:kms:us-east-1:111111111111:alias/aws/s3",
		policies: `"identity":[` + doc(allowAll) + `]`, want: ImplicitDeny, reason: "reserved for AWS managed keys"},

	// RCPs apply only to the services AWS lists (AWS Organizations User
	// Guide, "List of AWS services that support RCPs").
	{name: "rcp (List of AWS services that support RCPs)/an RCP does not affect EC2",
		principal: alice, action: "ec2:RunInstances", resource: "arn:aws:ec2:us-east-1:111111111111:instance/*",
		policies: `"identity":[` + doc(allowAll) + `],"rcp":[[` + doc(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}`) + `]]`,
		want:     Allowed},
	{name: "rcp (List of AWS services that support RCPs)/an RCP does affect S3",
		principal: alice,
		policies:  `"identity":[` + doc(allowAll) + `],"rcp":[[` + doc(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}`) + `]]`,
		want:      ExplicitDeny},
	{name: "rcp (List of AWS services that support RCPs)/an RCP does affect STS",
		principal: ciSession, action: "sts:AssumeRole", resource: deployRole,
		policies: `"identity":[` + doc(allowAll) + `],"resource":` + trustDoc(`{"AWS":"333333333333"}`, `"sts:AssumeRole"`) +
			`,"rcp":[[` + doc(`{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-securecart"}}}`) + `]]`,
		want: ExplicitDeny},

	// VPC endpoint policies (AWS PrivateLink Guide, "Control access to VPC
	// endpoints using endpoint policies").
	{name: "endpoint (endpoint policies)/a request through an endpoint whose policy does not allow it is denied",
		principal: alice, context: `{"aws:SourceVpce":"vpce-1a2b3c4d","aws:SourceVpc":"vpc-0shop","aws:VpcSourceIp":"10.0.1.7"}`,
		policies: `"identity":[` + doc(allowAll) + `],"vpcEndpoint":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:PutObject","Resource":"*"}`),
		want:     ImplicitDeny, reason: "VPC endpoint"},
	{name: "endpoint (endpoint policies)/an endpoint policy that allows does not grant on its own",
		principal: alice,
		policies:  `"identity":[],"vpcEndpoint":` + doc(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`),
		want:      ImplicitDeny, reason: "no policy allows"},
	{name: "endpoint (endpoint policies)/identity allow and endpoint allow",
		principal: alice,
		policies:  `"identity":[` + doc(allowGet) + `],"vpcEndpoint":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::securecart-product-images/*"}`),
		want:      Allowed},
	{name: "endpoint (endpoint policies)/a deny in the endpoint policy denies",
		principal: alice,
		policies:  `"identity":[` + doc(allowAll) + `],"vpcEndpoint":` + doc(`{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}`, `{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"*"}`),
		want:      ExplicitDeny},

	// A principal given as a role ARN ("Policy evaluation logic": a grant to
	// the role ARN is limited by a boundary or session policy).
	{name: "role ARN (Policy evaluation logic)/a grant to the role ARN is limited by the role's boundary",
		principal: ec2Role,
		policies:  `"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`) + `,"permissionsBoundary":` + doc(allowEC2),
		want:      ImplicitDeny, reason: "permissions boundary"},
	{name: "role ARN (Policy evaluation logic)/a grant to the role ARN allows within the boundary",
		principal: ec2Role,
		policies:  `"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`) + `,"permissionsBoundary":` + doc(allowS3),
		want:      Allowed},

	// "AWS JSON policy elements: Principal": Principal "*" narrowed by
	// aws:PrincipalArn is not limited by boundaries and session policies.
	{name: "principal (AWS JSON policy elements: Principal)/Principal * with aws:PrincipalArn is not limited by the session policy",
		principal: ec2Session,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"ArnEquals":{"aws:PrincipalArn":"`+ec2Role+`"}}}`) +
			`,"session":` + doc(allowEC2),
		want: Allowed},
	{name: "principal (Session policies)/Principal * with only a Null test on aws:PrincipalArn names nobody: limited by the session policy",
		principal: ec2Session,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Null":{"aws:PrincipalArn":"false"}}}`) +
			`,"session":` + doc(allowEC2),
		want: ImplicitDeny, reason: "session policy"},
	{name: "principal (Session policies)/Principal * alone is limited by the session policy: only a grant to the session ARN is not",
		principal: ec2Session,
		policies:  `"resource":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`) + `,"session":` + doc(allowEC2),
		want:      ImplicitDeny, reason: "session policy"},
	{name: "principal (Permissions boundaries)/Principal * alone is not limited by the boundary, as a grant to the user ARN is not",
		principal: alice,
		policies:  `"resource":` + doc(`{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`) + `,"permissionsBoundary":` + doc(allowEC2),
		want:      Allowed, reason: "every principal"},
	{name: "principal (Policy evaluation logic)/of two allowing statements the least limited counts: * beats the role ARN under a boundary",
		principal: ec2Session,
		policies: `"resource":` + doc(`{"Effect":"Allow","Principal":{"AWS":"`+ec2Role+`"},"Action":"*","Resource":"*"}`, `{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}`) +
			`,"permissionsBoundary":` + doc(allowEC2),
		want: Allowed},
	{name: "principal (Session policies)/naming the IAM user covers its federated-user sessions, within the session policy",
		principal: "arn:aws:sts::111111111111:federated-user/alice",
		policies:  `"resource":` + bucket("Allow", `{"AWS":"`+alice+`"}`),
		want:      Allowed},
	{name: "principal (Policy evaluation logic)/a grant to the role ARN is limited by the session policy",
		principal: ec2Session,
		policies:  `"resource":` + bucket("Allow", `{"AWS":"`+ec2Role+`"}`) + `,"session":` + doc(allowEC2),
		want:      ImplicitDeny, reason: "session policy"},

	// Negated operators with an unresolved variable (IAM User Guide,
	// "Variables and tags": the ABAC deny pattern).
	{name: "variables (Variables and tags)/a Deny with StringNotEquals on a missing principal tag applies",
		principal: alice, context: `{"aws:ResourceTag/project":"orders"}`,
		policies: `"identity":[` + doc(allowAll, `{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/project":"${aws:PrincipalTag/project}"}}}`) + `]`,
		want:     ExplicitDeny},

	// Malformed actions (IAM grammar): accepted, never matching.
	{name: "actions (Grammar of the IAM JSON policy language)/a comma-joined action list never matches",
		principal: alice, action: "s3:GetObject",
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject,PutObject","Resource":"*"}`) + `]`,
		want:     ImplicitDeny},
}

func TestServiceRules(t *testing.T) { runTable(t, ruleCases) }

// Input conventions: null for any optional field means absent (README's
// input format).
func TestNullMeansAbsent(t *testing.T) {
	src := `{"name":null,"expect":null,"policies":{"identity":[` + doc(allowGet) + `],"resource":null,"permissionsBoundary":null,"scp":null,"rcp":null,"session":null,"vpcEndpoint":null},
	"request":{"principal":"` + alice + `","action":"s3:GetObject","resource":"` + imagesObj + `","resourceOwner":null,"context":null}}`
	in, errs := ParseInput("null.json", []byte(src))
	if errs.HasErrors() {
		t.Fatalf("null optional fields refused: %v", errs)
	}
	req, err := in.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	if d := Evaluate(&in.Policies, req, Options{}).Decision; d != Allowed {
		t.Errorf("decision %v, want allowed", d)
	}
}

// A Result's reason names the trust policy when it is what failed, and the
// trace says why it must allow.
func TestTrustPolicyIsNamedWhenItFails(t *testing.T) {
	res := runCase(t, ruleCases[0])
	if !strings.Contains(res.Reason(), "role trust policy") {
		t.Errorf("reason %q does not name the trust policy", res.Reason())
	}
	var b strings.Builder
	if err := res.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "must allow the caller, in the same account too") {
		t.Errorf("the trace does not explain the trust rule:\n%s", b.String())
	}
}
