package lint

import (
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
)

// escalation lists IAM actions that let whoever holds them give themselves
// more permissions (change a policy, attach one, create credentials for
// another identity, rewrite a trust policy). AWS Security Blog, "AWS IAM
// privilege escalation – methods and mitigation", and Access Analyzer's
// security warnings.
var escalation = []string{
	"iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
	"iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
	"iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
	"iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy",
	"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary",
	"iam:PutRolePermissionsBoundary", "iam:PutUserPermissionsBoundary",
}

// sensitive lists IAM actions that weaken an account's credentials
// defences; the security checklist asks for MFA on them.
var sensitive = []string{
	"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice", "iam:ResyncMFADevice",
	"iam:DeleteLoginProfile", "iam:UpdateAccessKey", "iam:DeleteAccessKey",
	"iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy",
	"iam:CreateUser", "iam:DeleteUser", "iam:DeleteRole", "iam:DeletePolicy",
}

// covered lists the actions of names that the statement's Action element
// covers.
func covered(s *policy.Statement, names []string) []string {
	var out []string
	for _, n := range names {
		if coversAction(s, n) {
			out = append(out, n)
		}
	}
	return out
}

func coversAction(s *policy.Statement, name string) bool {
	for _, it := range s.Actions.Items {
		if catalog.Glob(it.Text, name) {
			return true
		}
	}
	return false
}

// granted lists the actions of names the statement allows and no
// unconditional Deny on every resource of the same policy takes away.
func (l *linter) granted(s *policy.Statement, names []string) []string {
	var out []string
	for _, n := range covered(s, names) {
		denied := false
		for _, d := range l.pol.Statements {
			if d.Effect == policy.Deny && len(d.Conditions) == 0 && !d.Actions.Not && d.Resources != nil && !d.Resources.Not &&
				anyResource(d) && coversAction(d, n) {
				denied = true
			}
		}
		if !denied {
			out = append(out, n)
		}
	}
	return out
}

func anyResource(s *policy.Statement) bool {
	for _, r := range s.Resources.Items {
		if r.Any {
			return true
		}
	}
	return false
}

func hasKey(s *policy.Statement, keys ...string) bool {
	for _, c := range s.Conditions {
		for _, k := range keys {
			if c.KeyLower == k {
				return true
			}
		}
	}
	return false
}

func (l *linter) security(s *stmt) {
	if s.Effect != policy.Allow {
		return
	}
	switch l.pol.Type {
	case policy.Identity:
		l.identityRisks(s)
	case policy.Resource, policy.Trust:
		l.public(s)
		if l.pol.Type == policy.Trust {
			l.trust(s)
		}
	}
}

func (l *linter) identityRisks(s *stmt) {
	anyRes := s.Resources != nil && !s.Resources.Not && anyResource(s.Statement)
	if s.any && anyRes && len(s.Conditions) == 0 {
		l.add(s.Span, "security.fullAccess", "this statement allows every action on every resource (\"*\" on \"*\") with no condition: full administrator access; grant the actions and resources the job needs")
		return
	}
	if anyRes && !s.any && len(l.granted(s.Statement, []string{"iam:PassRole"})) > 0 {
		l.add(s.Actions.Span, "security.passRoleAny", "iam:PassRole on \"*\" lets this identity hand any role, however powerful, to a service it can launch; list the roles it may pass and add an iam:PassedToService condition")
	}
	if len(s.Conditions) == 0 {
		if esc := l.granted(s.Statement, escalation); len(esc) > 0 {
			l.add(s.Actions.Span, "security.privilegeEscalation", "allows "+list(esc)+" with no condition: whoever holds this can grant themselves more permissions (privilege escalation); restrict the resources and add conditions, or leave these to administrators")
		}
	}
	if !hasKey(s.Statement, "aws:multifactorauthpresent", "aws:multifactorauthage") {
		if sens := l.granted(s.Statement, sensitive); len(sens) > 0 {
			l.add(s.Actions.Span, "security.sensitiveNoMFA", "allows "+list(sens)+" without requiring MFA; add \"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}")
		}
	}
}

func list(names []string) string {
	if len(names) > 4 {
		return strings.Join(names[:4], ", ") + " and " + strconv.Itoa(len(names)-4) + " more"
	}
	return strings.Join(names, ", ")
}

// restricting are the condition keys that narrow who may use a resource
// policy's grant to everyone: the caller's account, organization, network
// or the resource on whose behalf a service calls. IAM Access Analyzer,
// "Zone of trust" and its list of keys that limit external access.
var restricting = []string{
	"aws:principalaccount", "aws:principalarn", "aws:principalorgid", "aws:principalorgpaths",
	"aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
	"aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:vpceaccount", "aws:vpceorgid", "aws:vpceorgpaths",
	"aws:userid", "aws:username", "aws:principalservicename", "aws:principalisawsservice",
	"sts:externalid", "s3:dataaccesspointaccount", "s3:dataaccesspointarn", "kms:calleraccount", "kms:viaservice",
}

// public reports a resource or trust policy statement that allows
// everyone (Principal "*") with no condition restricting who.
func (l *linter) public(s *stmt) {
	p := s.Principal
	if p == nil || p.Not || hasKey(s.Statement, restricting...) {
		return
	}
	anyone := p.Any
	for _, id := range p.Items {
		anyone = anyone || id.Any
	}
	if anyone {
		l.add(p.Span, "security.publicResource", "Principal \"*\" with no condition on the caller's account, organization, network or source: anyone in any AWS account, and anonymous callers where the service allows them, gets this access; name the principals, or add aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce")
	}
}

// trust reports a trust policy that lets another account's principals
// assume the role without an ExternalId or an organization condition. IAM
// User Guide, "Access to AWS accounts owned by third parties" (the confused
// deputy) and "How to use trust policies with IAM roles".
func (l *linter) trust(s *stmt) {
	p := s.Principal
	if p == nil || p.Not || hasKey(s.Statement, "sts:externalid", "aws:principalorgid", "aws:principalorgpaths") {
		return
	}
	if !coversAction(s.Statement, "sts:AssumeRole") {
		return
	}
	for _, id := range p.Items {
		if id.Kind != "AWS" || id.Any || id.Account == "" || id.Account == l.ctx.Account {
			continue
		}
		if strings.HasSuffix(id.ARN, ":root") {
			l.add(id.Span, "security.trustAnyPrincipal", "any principal of account "+id.Account+" that its administrators allow can assume this role, with no sts:ExternalId or organization condition; name the role or user that needs it, and require sts:ExternalId for a third party")
			continue
		}
		if l.ctx.Trusted != nil && !l.ctx.Trusted(id.Account) {
			l.add(id.Span, "security.trustNoExternalId", id.ARN+" is outside the organization and may assume this role without an sts:ExternalId: a third party serving many customers can be tricked into using it for another (the confused deputy); require the ExternalId agreed with it")
		}
	}
}
