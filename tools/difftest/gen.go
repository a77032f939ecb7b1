package main

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// The SecureCart world the generator draws from: two accounts in the
// organization and a partner account outside it.
const (
	acctProd    = "111111111111"
	acctShared  = "222222222222"
	acctPartner = "333333333333"
	orgID       = "o-securecart1"
	region      = "us-east-1"
	kmsKeyID    = "1234abcd-12ab-34cd-56ef-1234567890ab"
	githubOIDC  = "token.actions.githubusercontent.com"
	cognito     = "cognito-identity.amazonaws.com"
)

var accounts = []string{acctProd, acctShared, acctPartner}

func inOrg(acct string) bool { return acct == acctProd || acct == acctShared }

// Principal kinds the generator covers.
const (
	pkUser        = "user"
	pkRole        = "role"
	pkSession     = "session"
	pkRoot        = "root"
	pkFederated   = "federatedUser"
	pkService     = "service"
	pkAnonymous   = "anonymous"
	pkWebIdentity = "webIdentity"
	pkSAML        = "saml"
	pkLinked      = "serviceLinked"
)

// actionSpec is an action the generator asks for, with the shape of its
// resource. Resource templates use {acct}.
type actionSpec struct {
	action string
	res    func(r *rand.Rand, acct string) string
	// hasResourcePolicy: the resource can carry a resource-based policy
	// (bucket, queue, key, secret, function, topic, role trust policy).
	hasResourcePolicy bool
	// keys are the service-specific context keys that apply to it.
	keys []string
}

func fixed(tmpl string) func(*rand.Rand, string) string {
	return func(_ *rand.Rand, acct string) string { return strings.ReplaceAll(tmpl, "{acct}", acct) }
}

var buckets = map[string]string{acctProd: "securecart-product-images", acctShared: "securecart-logs", acctPartner: "partner-exports"}

var objectKeys = []string{"shoes.jpg", "home/alice/cart.json", "home/bob/notes.txt", "public/logo.png", "home/carol/a.txt"}

func s3Object(r *rand.Rand, acct string) string {
	return "arn:aws:s3:::" + buckets[acct] + "/" + pick(r, objectKeys)
}

func s3Bucket(_ *rand.Rand, acct string) string { return "arn:aws:s3:::" + buckets[acct] }

var roleNames = []string{"DeployRole", "ReadOnly", "GitHubDeploy", "OktaAdmin", "VendorAccess"}

func roleARN(r *rand.Rand, acct string) string {
	return "arn:aws:iam::" + acct + ":role/" + pick(r, roleNames)
}

var stsKeys = []string{"sts:ExternalId", "sts:RoleSessionName", "sts:SourceIdentity"}

var actions = []actionSpec{
	{"s3:GetObject", s3Object, true, nil},
	{"s3:PutObject", s3Object, true, nil},
	{"s3:DeleteObject", s3Object, true, nil},
	{"s3:ListBucket", s3Bucket, true, []string{"s3:prefix"}},
	{"sqs:SendMessage", fixed("arn:aws:sqs:" + region + ":{acct}:orders"), true, nil},
	{"sqs:ReceiveMessage", fixed("arn:aws:sqs:" + region + ":{acct}:orders"), true, nil},
	{"kms:Decrypt", fixed("arn:aws:kms:" + region + ":{acct}:key/" + kmsKeyID), true, []string{"kms:ViaService", "kms:CallerAccount"}},
	{"kms:Encrypt", fixed("arn:aws:kms:" + region + ":{acct}:key/" + kmsKeyID), true, []string{"kms:ViaService", "kms:CallerAccount"}},
	{"kms:GenerateDataKey", fixed("arn:aws:kms:" + region + ":{acct}:key/" + kmsKeyID), true, []string{"kms:ViaService", "kms:CallerAccount"}},
	{"secretsmanager:GetSecretValue", fixed("arn:aws:secretsmanager:" + region + ":{acct}:secret:db-password-AbCdEf"), true, nil},
	{"sts:AssumeRole", roleARN, true, stsKeys},
	{"sts:TagSession", roleARN, true, nil},
	{"sts:SetSourceIdentity", roleARN, true, []string{"sts:SourceIdentity"}},
	{"sts:AssumeRoleWithSAML", roleARN, true, []string{"saml:aud", "sts:RoleSessionName"}},
	{"sts:AssumeRoleWithWebIdentity", roleARN, true, []string{githubOIDC + ":sub", githubOIDC + ":aud", "sts:RoleSessionName"}},
	{"sts:GetCallerIdentity", fixed("*"), false, nil},
	{"iam:PassRole", roleARN, false, []string{"iam:PassedToService"}},
	{"iam:CreateUser", fixed("arn:aws:iam::{acct}:user/new-hire"), false, nil},
	{"lambda:InvokeFunction", fixed("arn:aws:lambda:" + region + ":{acct}:function:checkout"), true, nil},
	{"sns:Publish", fixed("arn:aws:sns:" + region + ":{acct}:alerts"), true, nil},
	{"dynamodb:GetItem", fixed("arn:aws:dynamodb:" + region + ":{acct}:table/Orders"), true, nil},
	{"ec2:DescribeInstances", fixed("*"), false, nil},
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// gen builds one case.
type gen struct {
	r        *rand.Rand
	c        *Case
	spec     actionSpec
	kind     string
	pAcct    string // principal's account ("" for services, anonymous, federation)
	resAcct  string
	resource string
	// facts about the principal, for conditions that should sometimes match
	principalARN string
	roleARN      string
	userName     string
	// viaEndpoint: the request goes through a VPC endpoint, so it carries
	// aws:SourceVpce rather than aws:SourceIp and the endpoint's policy.
	viaEndpoint bool
}

// Generate returns case number i of the run with the given seed. Each case
// has its own stream, so a case can be regenerated on its own.
func Generate(seed uint64, i int) *Case {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(i))), c: &Case{}}
	g.c.Name = "case-" + strconv.FormatUint(seed, 10) + "-" + strconv.Itoa(i)
	g.request()
	g.policies()
	return g.c
}

func (g *gen) request() {
	r := g.r
	g.spec = pick(r, actions)
	switch g.spec.action {
	case "sts:AssumeRoleWithWebIdentity":
		g.kind = pkWebIdentity
	case "sts:AssumeRoleWithSAML":
		g.kind = pkSAML
	default:
		g.kind = pick(r, []string{pkUser, pkUser, pkUser, pkRole, pkSession, pkSession, pkSession, pkRoot, pkFederated, pkService, pkAnonymous, pkLinked})
		if g.kind == pkService && g.spec.action == "sts:GetCallerIdentity" {
			g.kind = pkUser // services do not call GetCallerIdentity
		}
	}
	g.resAcct = pick(r, accounts)
	g.pAcct = g.resAcct
	if chance(r, 0.4) {
		g.pAcct = pick(r, accounts)
	}
	g.resource = g.spec.res(r, g.resAcct)
	g.viaEndpoint = chance(r, 0.12)
	req := &g.c.Request
	req.Action = g.spec.action
	req.Resource = g.resource
	if strings.HasPrefix(g.resource, "arn:aws:s3:") || g.resource == "*" || chance(r, 0.3) {
		req.ResourceOwner = g.resAcct
	}
	switch g.kind {
	case pkUser:
		g.userName = pick(r, []string{"alice", "bob", "carol"})
		path := ""
		if chance(r, 0.2) {
			path = "ops/"
		}
		g.principalARN = "arn:aws:iam::" + g.pAcct + ":user/" + path + g.userName
		req.Principal = g.principalARN
	case pkRole, pkSession, pkLinked:
		role := pick(r, roleNames)
		if g.kind == pkLinked {
			role = "aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"
		}
		g.roleARN = "arn:aws:iam::" + g.pAcct + ":role/" + role
		g.principalARN = g.roleARN
		if g.kind == pkRole {
			req.Principal = g.roleARN
		} else {
			name := role[strings.LastIndexByte(role, '/')+1:]
			req.Principal = "arn:aws:sts::" + g.pAcct + ":assumed-role/" + name + "/" + pick(r, []string{"alice", "bob", "build-42"})
			g.kind = pkSession
			if strings.HasPrefix(role, "aws-service-role/") {
				g.kind = pkLinked
			}
		}
	case pkRoot:
		g.principalARN = "arn:aws:iam::" + g.pAcct + ":root"
		req.Principal = g.principalARN
	case pkFederated:
		g.principalARN = "arn:aws:sts::" + g.pAcct + ":federated-user/" + pick(r, []string{"alice", "carol"})
		req.Principal = g.principalARN
	case pkService:
		g.pAcct = ""
		req.Principal = pick(r, []string{"cloudtrail.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com"})
		g.principalARN = req.Principal
	case pkAnonymous:
		g.pAcct = ""
		req.Principal = "anonymous"
	case pkWebIdentity:
		// GitHub Actions: the trust policy names the account's OIDC
		// provider; Amazon Cognito identity pools are named by name.
		g.pAcct = ""
		req.Principal = "arn:aws:iam::" + g.resAcct + ":oidc-provider/" + githubOIDC
		if chance(r, 0.3) {
			req.Principal = cognito
		}
		g.principalARN = req.Principal
	case pkSAML:
		g.pAcct = ""
		g.principalARN = "arn:aws:iam::" + g.resAcct + ":saml-provider/Okta"
		req.Principal = g.principalARN
	}
	g.context()
}

// identitySide reports whether the principal has IAM policies of its own.
func (g *gen) identitySide() bool {
	switch g.kind {
	case pkUser, pkRole, pkSession, pkRoot, pkFederated, pkLinked:
		return true
	}
	return false
}

// keyValues are the small value domains context keys draw from, so that
// conditions match about half the time.
var keyValues = map[string][]string{
	"aws:PrincipalTag/team":         {"web", "data", "ops"},
	"aws:PrincipalTag/dept":         {"web", "data"},
	"aws:ResourceTag/owner":         {"alice", "bob", "carol"},
	"aws:RequestTag/env":            {"prod", "dev"},
	"aws:PrincipalOrgID":            {orgID},
	"aws:SourceIp":                  {"203.0.113.7", "198.51.100.20", "10.0.0.5"},
	"aws:SecureTransport":           {"true", "false"},
	"aws:MultiFactorAuthPresent":    {"true", "false"},
	"aws:MultiFactorAuthAge":        {"30", "3600", "7200"},
	"aws:RequestedRegion":           {"us-east-1", "eu-west-1"},
	"aws:SourceAccount":             {acctProd, acctPartner},
	"aws:SourceArn":                 {"arn:aws:cloudtrail:us-east-1:111111111111:trail/main", "arn:aws:lambda:us-east-1:333333333333:function:x"},
	"aws:CurrentTime":               {"2026-11-30T10:00:00Z", "2027-02-01T08:30:00Z"},
	"aws:SourceVpce":                {"vpce-0a1b2c3d", "vpce-9z8y7x6w"},
	"aws:SourceVpc":                 {"vpc-111aaa"},
	"s3:prefix":                     {"home/alice/", "public/", "home/bob/"},
	"sts:ExternalId":                {"SecureCart-7788", "guess"},
	"sts:RoleSessionName":           {"alice", "bob"},
	"sts:SourceIdentity":            {"alice", "bob"},
	"saml:aud":                      {"https://signin.aws.amazon.com/saml", "https://evil.example/saml"},
	githubOIDC + ":sub":             {"repo:securecart/shop:ref:refs/heads/main", "repo:securecart/shop:pull_request", "repo:evil/fork:ref:refs/heads/main"},
	githubOIDC + ":aud":             {"sts.amazonaws.com", "other"},
	cognito + ":aud":                {"us-east-1:11111111-2222-3333-4444-555555555555", "us-east-1:99999999-8888-7777-6666-555555555555"},
	cognito + ":amr":                nil, // multivalued: see context
	"kms:ViaService":                {"s3.us-east-1.amazonaws.com", "secretsmanager.us-east-1.amazonaws.com"},
	"kms:CallerAccount":             {acctProd, acctPartner},
	"iam:PassedToService":           {"ec2.amazonaws.com", "lambda.amazonaws.com"},
	"aws:TagKeys":                   nil, // multivalued: see context
	"aws:PrincipalServiceNamesList": nil,
	"aws:PrincipalOrgPaths":         nil,
	"aws:CalledVia":                 nil,
}

var globalKeys = []string{"aws:SourceIp", "aws:SecureTransport", "aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:RequestedRegion", "aws:CurrentTime", "aws:ResourceTag/owner", "aws:RequestTag/env", "aws:TagKeys"}

// contextKeys lists the keys that may appear in this request's context.
func (g *gen) contextKeys() []string {
	keys := append([]string{}, globalKeys...)
	if g.viaEndpoint {
		// Through an endpoint: the VPC keys, and no aws:SourceIp.
		keys = append(keys[1:], "aws:SourceVpce", "aws:SourceVpc")
	}
	if g.identitySide() && g.kind != pkRoot {
		keys = append(keys, "aws:PrincipalTag/team", "aws:PrincipalTag/dept")
	}
	if g.pAcct != "" && inOrg(g.pAcct) {
		keys = append(keys, "aws:PrincipalOrgID", "aws:PrincipalOrgPaths")
	}
	if g.identitySide() {
		keys = append(keys, "aws:CalledVia")
	}
	if g.kind == pkService {
		keys = append(keys, "aws:SourceAccount", "aws:SourceArn")
	}
	if strings.HasPrefix(g.spec.action, "s3:") {
		// S3 puts aws:ResourceTag in the context only for buckets with ABAC
		// turned on; these worlds have none.
		keys = slices.DeleteFunc(keys, func(k string) bool { return strings.HasPrefix(k, "aws:ResourceTag/") })
	}
	if g.c.Request.Principal == cognito {
		// The spec's keys are GitHub's; a Cognito token carries its own.
		return append(keys, cognito+":aud", cognito+":amr", "sts:RoleSessionName")
	}
	return append(keys, g.spec.keys...)
}

func (g *gen) context() {
	r := g.r
	ctx := map[string]any{}
	for _, k := range g.contextKeys() {
		if !chance(r, 0.55) {
			continue
		}
		switch k {
		case "aws:TagKeys":
			ctx[k] = pick(r, [][]string{{"env", "team"}, {"env"}, {"cost"}, {"env", "cost"}})
		case "aws:PrincipalOrgPaths":
			ctx[k] = []string{orgID + "/r-ab12/ou-ab12-" + map[string]string{acctProd: "prod1111", acctShared: "shrd2222"}[g.pAcct] + "/"}
		case "aws:CalledVia":
			ctx[k] = pick(r, [][]string{{"athena.amazonaws.com"}, {"cloudformation.amazonaws.com", "dynamodb.amazonaws.com"}})
		case cognito + ":amr":
			ctx[k] = pick(r, [][]string{{"authenticated", "graph.facebook.com", "graph.facebook.com:app:1234"}, {"unauthenticated"}})
		case "aws:CurrentTime":
			// AWS always sends both time keys; give them together.
			v := pick(r, keyValues[k])
			ctx[k] = v
			if v == "2026-11-30T10:00:00Z" {
				ctx["aws:EpochTime"] = "1796032800"
			} else {
				ctx["aws:EpochTime"] = "1801470600"
			}
		default:
			ctx[k] = pick(r, keyValues[k])
		}
	}
	if len(ctx) > 0 {
		g.c.Request.Context = ctx
	}
}
