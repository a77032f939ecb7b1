package engine

import "strings"

// Role trust policies: the resource-based policy of a role, naming who may
// assume it. For the actions it governs it must allow the caller in the same
// account too: "role trust policies and KMS key policies are exceptions" to
// the rule that an identity-based policy alone can allow within an account
// (IAM User Guide, "Policy evaluation logic"; "Roles terms and concepts":
// trust policy). A trust policy that names the account (its root ARN or
// bare id) delegates to the caller's identity-based policies, which must
// then allow sts:AssumeRole too; one that names the user or role ARN allows
// on its own in the same account. Its statements have no Resource: the role
// is the resource.

// trustActions are the STS actions a role's trust policy governs (IAM User
// Guide, "Permissions for AssumeRole, AssumeRoleWithSAML, and
// AssumeRoleWithWebIdentity", "Passing session tags in AWS STS" and
// "Monitor and control actions taken with assumed roles": sts:TagSession,
// sts:SetSourceIdentity; STS API reference: sts:SetContext).
var trustActions = []string{
	"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
}

// TrustGoverned reports whether a role's trust policy is the resource-based
// policy of the action on the resource: one of the STS actions it governs,
// on a role ARN.
func TrustGoverned(action, resource string) bool {
	return requiredFor(strings.ToLower(action), resource) == trustRequirement
}

const trustNote = "a role's trust policy must allow the caller, in the same account too: an identity-based policy alone cannot let anyone assume a role (or tag its session) that the trust policy does not admit"
