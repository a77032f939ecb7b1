package main

import (
	"strings"
)

const version = "2012-10-17"

// policyKind is the type of policy a statement goes in; it decides which
// elements the statement may use.
type policyKind int

const (
	polIdentity policyKind = iota
	polResource
	polBoundary
	polSession
	polSCP
	polRCP
	polEndpoint
)

func (g *gen) policies() {
	r := g.r
	p := &g.c.Policies
	if g.identitySide() {
		n := pick(g.r, []int{0, 1, 1, 1, 2, 3})
		if g.kind == pkRoot {
			n = 0 // no policy can be attached to the root user
		}
		for range n {
			p.Identity = append(p.Identity, g.doc(polIdentity, 1+r.IntN(3)))
		}
		if g.kind != pkRoot && chance(r, 0.25) {
			p.PermissionsBoundary = g.doc(polBoundary, 1+r.IntN(2))
		}
		if (g.kind == pkSession || g.kind == pkFederated || g.kind == pkRole) && chance(r, 0.2) {
			p.Session = g.doc(polSession, 1+r.IntN(2))
		}
		if inOrg(g.pAcct) && chance(r, 0.5) {
			p.SCP = g.levels(polSCP)
		}
	}
	if g.spec.hasResourcePolicy {
		// A role always has a trust policy and a KMS key always has a key
		// policy; other resources have one half the time.
		must := strings.HasPrefix(g.spec.action, "sts:") || strings.HasPrefix(g.spec.action, "kms:")
		if must || chance(r, 0.5) {
			p.Resource = g.doc(polResource, 1+r.IntN(3))
		}
	}
	if inOrg(g.resAcct) && chance(r, 0.35) {
		p.RCP = g.levels(polRCP)
	}
	if g.viaEndpoint {
		p.VPCEndpoint = g.doc(polEndpoint, 1+r.IntN(2))
	}
}

func (g *gen) levels(kind policyKind) [][]*Doc {
	r := g.r
	n := 1 + r.IntN(3)
	out := make([][]*Doc, n)
	for i := range out {
		var list []*Doc
		if kind == polSCP && chance(g.r, 0.85) {
			list = append(list, fullAccess())
		}
		for range r.IntN(2) {
			list = append(list, g.doc(kind, 1+r.IntN(2)))
		}
		if list == nil {
			list = []*Doc{}
		}
		out[i] = list
	}
	return out
}

// fullAccess is FullAWSAccess, the SCP AWS attaches by default.
func fullAccess() *Doc {
	return &Doc{Version: version, Statement: []*Stmt{{Effect: "Allow", Action: []string{"*"}, Resource: []string{"*"}}}}
}

func (g *gen) doc(kind policyKind, n int) *Doc {
	d := &Doc{Version: version}
	for range n {
		d.Statement = append(d.Statement, g.stmt(kind))
	}
	if kind == polResource && strings.HasPrefix(g.spec.action, "kms:") && chance(g.r, 0.5) {
		// The key policy statement every default key policy has.
		d.Statement = append(d.Statement, &Stmt{Sid: "EnableIAMUserPermissions", Effect: "Allow",
			Principal: map[string][]string{"AWS": {"arn:aws:iam::" + g.resAcct + ":root"}},
			Action:    []string{"kms:*"}, Resource: []string{"*"}})
	}
	return d
}

func (g *gen) stmt(kind policyKind) *Stmt {
	r := g.r
	s := &Stmt{Effect: "Allow"}
	deny := 0.25
	switch kind {
	case polSCP:
		deny = 0.8
	case polRCP:
		deny = 1
	}
	if chance(r, deny) {
		s.Effect = "Deny"
	}
	if chance(r, 0.08) && kind != polRCP {
		s.NotAction = g.actionPatterns()
	} else {
		s.Action = g.actionPatterns()
	}
	if kind == polRCP {
		// Only RCPFullAWSAccess may use "*" alone as an action.
		for i, a := range s.Action {
			if a == "*" {
				s.Action[i] = g.spec.action
			}
		}
	}
	switch {
	case kind == polResource && g.trust():
		// A role trust policy has no Resource: the role is the resource.
	case chance(r, 0.08):
		s.NotResource = g.resourcePatterns(kind)
	default:
		s.Resource = g.resourcePatterns(kind)
	}
	switch kind {
	case polEndpoint:
		// iam-simulate accepts only "*" here; principals are narrowed by
		// aws:PrincipalArn conditions instead.
		s.Principal = "*"
	case polResource:
		if s.Effect == "Deny" && chance(r, 0.15) {
			s.NotPrincipal = g.principalElem()
		} else {
			s.Principal = g.principalElem()
		}
	case polRCP:
		s.Principal = "*"
	}
	if chance(r, 0.55) {
		s.Condition = map[string]map[string][]string{}
		for range 1 + r.IntN(2) {
			g.condition(s.Condition)
		}
	}
	return s
}

func (g *gen) actionPatterns() []string {
	r := g.r
	act := g.spec.action
	svc, name, _ := strings.Cut(act, ":")
	other := pick(r, actions).action
	var out []string
	for range 1 + r.IntN(2) {
		switch r.IntN(8) {
		case 0, 1, 2:
			out = append(out, act)
		case 3:
			out = append(out, svc+":*")
		case 4:
			out = append(out, "*")
		case 5:
			out = append(out, svc+":"+name[:min(len(name), 3)]+"*")
		case 6:
			out = append(out, strings.ToLower(act))
		default:
			out = append(out, other)
		}
	}
	return out
}

func (g *gen) resourcePatterns(kind policyKind) []string {
	r := g.r
	res := g.resource
	var out []string
	for range 1 + r.IntN(2) {
		switch r.IntN(9) {
		case 0, 1:
			out = append(out, res)
		case 2, 3:
			out = append(out, "*")
		case 4:
			if i := strings.LastIndexAny(res, "/:"); i > 0 && res != "*" {
				out = append(out, res[:i+1]+"*")
			} else {
				out = append(out, "*")
			}
		case 5:
			// A policy variable in the resource.
			switch {
			case strings.HasPrefix(res, "arn:aws:s3:::"):
				bucket := strings.SplitN(strings.TrimPrefix(res, "arn:aws:s3:::"), "/", 2)[0]
				out = append(out, "arn:aws:s3:::"+bucket+"/home/${aws:username}/*")
			case strings.Contains(res, ":role/"):
				out = append(out, "arn:aws:iam::${aws:PrincipalAccount}:role/*")
			default:
				out = append(out, "arn:aws:*:*:${aws:PrincipalAccount}:*")
			}
		case 6:
			out = append(out, pick(r, actions).res(r, pick(r, accounts)))
		case 7:
			out = append(out, strings.Replace(res, "111111111111", "*", 1))
		default:
			out = append(out, "arn:aws:*:*:"+g.resAcct+":*")
		}
	}
	return out
}

func (g *gen) principalElem() any {
	r := g.r
	other := pick(r, accounts)
	aws := func(v ...string) any { return map[string][]string{"AWS": v} }
	switch r.IntN(12) {
	case 0, 1:
		return "*"
	case 2:
		return map[string][]string{"AWS": {"*"}}
	case 3:
		return aws(other)
	case 4:
		return aws("arn:aws:iam::" + other + ":root")
	case 5:
		if g.roleARN != "" {
			return aws(g.roleARN)
		}
		return aws("arn:aws:iam::" + other + ":role/DeployRole")
	case 6:
		if g.kind == pkWebIdentity || g.kind == pkSAML {
			return map[string][]string{"Federated": {g.c.Request.Principal}}
		}
		if g.c.Request.Principal != "anonymous" && strings.HasPrefix(g.c.Request.Principal, "arn:") {
			return aws(g.c.Request.Principal)
		}
		return aws("arn:aws:iam::" + other + ":user/alice")
	case 7:
		return aws("arn:aws:iam::" + other + ":user/" + pick(r, []string{"alice", "bob"}))
	case 8:
		return map[string][]string{"Service": {pick(r, []string{"cloudtrail.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com"})}}
	case 9:
		return map[string][]string{"Federated": {pick(r, []string{"arn:aws:iam::" + g.resAcct + ":oidc-provider/" + githubOIDC, "arn:aws:iam::" + g.resAcct + ":saml-provider/Okta", "cognito-identity.amazonaws.com"})}}
	case 10:
		if g.pAcct != "" {
			return aws(g.pAcct)
		}
		return aws(other)
	default:
		return aws("arn:aws:iam::"+other+":root", "arn:aws:iam::"+g.resAcct+":role/"+pick(r, roleNames))
	}
}

// trust reports whether the resource-based policy is a role trust policy:
// an STS action on a role.
func (g *gen) trust() bool {
	return strings.HasPrefix(g.spec.action, "sts:") && strings.Contains(g.resource, ":role/")
}
