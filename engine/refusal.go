package engine

import "strings"

// What AWS refuses whatever the policies say. These requests never reach
// policy evaluation as an allow: AWS rejects them for what they are, so the
// engine reports a refusal with its reason rather than a policy decision.

// refusal returns why AWS refuses the request, or "".
func refusal(req *Prepared) string {
	pr := &req.Principal
	action := req.ActionLower
	svc, _, _ := strings.Cut(action, ":")
	switch {
	case pr.Kind == KindRoot && strings.HasPrefix(action, "sts:assumerole"):
		// STS API Reference, AssumeRole: "You must use credentials for an
		// IAM user or an IAM role to call AssumeRole. You cannot use AWS
		// account root user credentials."
		return "the account root user cannot assume a role: STS requires the credentials of an IAM user or role for " + req.Action
	case pr.Kind == KindWebIdentity && action != "sts:assumerolewithwebidentity":
		return "a web identity (OIDC) user can only call sts:AssumeRoleWithWebIdentity; the role session it gets makes every other call"
	case pr.Kind == KindSAML && action != "sts:assumerolewithsaml":
		return "a SAML user can only call sts:AssumeRoleWithSAML; the role session it gets makes every other call"
	case action == "sts:assumerolewithwebidentity" && pr.Kind != KindWebIdentity:
		return "sts:AssumeRoleWithWebIdentity is called with an OIDC token: the principal must be the identity provider (an oidc-provider ARN, or cognito-identity.amazonaws.com …)"
	case action == "sts:assumerolewithsaml" && pr.Kind != KindSAML:
		return "sts:AssumeRoleWithSAML is called with a SAML assertion: the principal must be the saml-provider ARN"
	case svc == "iam" && managedPolicyChange(action) && strings.Contains(req.Resource, ":iam::aws:policy/"):
		// IAM User Guide, "AWS managed policies": "You cannot change the
		// permissions defined in AWS managed policies."
		return "AWS managed policies belong to AWS and cannot be changed: " + req.Action + " on " + req.Resource + " is rejected"
	case svc == "iam" && roleChange(action) && strings.Contains(req.Resource, ":role/aws-reserved/sso.amazonaws.com/"):
		// IAM Identity Center User Guide, "Permission sets": the
		// AWSReservedSSO roles are created and managed by Identity Center and
		// cannot be edited or deleted in IAM.
		return "roles under aws-reserved/sso.amazonaws.com/ belong to IAM Identity Center and cannot be changed in IAM: change the permission set instead"
	case svc == "kms" && aliasChange(action) && strings.Contains(req.Resource, ":alias/aws/"):
		// AWS KMS Developer Guide, "Aliases in AWS KMS": alias names that
		// begin with alias/aws/ are reserved for AWS managed keys.
		return "alias names beginning with alias/aws/ are reserved for AWS managed keys: " + req.Action + " on them is rejected"
	}
	return ""
}

func managedPolicyChange(action string) bool {
	switch action {
	case "iam:createpolicyversion", "iam:deletepolicy", "iam:deletepolicyversion", "iam:setdefaultpolicyversion",
		"iam:tagpolicy", "iam:untagpolicy":
		return true
	}
	return false
}

func roleChange(action string) bool {
	switch action {
	case "iam:attachrolepolicy", "iam:detachrolepolicy", "iam:putrolepolicy", "iam:deleterolepolicy",
		"iam:deleterole", "iam:updaterole", "iam:updateroledescription", "iam:updateassumerolepolicy",
		"iam:putrolepermissionsboundary", "iam:deleterolepermissionsboundary", "iam:tagrole", "iam:untagrole":
		return true
	}
	return false
}

func aliasChange(action string) bool {
	return action == "kms:createalias" || action == "kms:updatealias" || action == "kms:deletealias"
}

// refuse turns the policies' decision into AWS's refusal, keeping the trace
// of what the policies said.
func (e *evaluator) refuse(r *Result, why string) {
	*r = Result{req: r.req, Decision: ImplicitDeny, Why: WhyRefused, Refusal: why}
	for st := range r.Flow {
		r.Flow[st] = NotReached
	}
	e.tr.note(e.tr.dyn("AWS refuses this request whatever the policies say: " + why))
}
