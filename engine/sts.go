package engine

// sts:GetCallerIdentity: "No permissions are required to perform this
// operation. If an administrator attaches a policy to your identity that
// explicitly denies access to the sts:GetCallerIdentity action, you can
// still perform this operation" (AWS STS API Reference, GetCallerIdentity).

func noPermissionNeeded(req *Prepared) bool {
	return req.ActionLower == "sts:getcalleridentity" && req.Principal.Kind.hasIdentity()
}

// free makes the decision Allowed whatever the policies said, keeping the
// trace of what they said.
func (e *evaluator) free(r *Result) {
	*r = Result{req: r.req, Decision: Allowed, Why: WhyNoPermissionNeeded}
	e.tr.note(callerIdentityNote)
}

var callerIdentityNote = static("sts:GetCallerIdentity needs no permission, and a Deny does not stop it: the policies above have no effect on it")
