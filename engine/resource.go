package engine

// Resource-based policies: a bucket policy, a key policy, a role's trust
// policy… In the same account one can allow on its own, depending on how it
// names the principal (grants.go); across accounts it must allow as well as
// the principal's identity-based policies. For some services it must allow
// whatever the identity-based policies say (requiredResourcePolicy).

func (e *evaluator) resourceStage(pols *Policies) stageVerdict {
	if pols.Resource == nil {
		why := "the resource has no resource-based policy"
		if req := requiredResourcePolicy(e.req); req != "" {
			why = "no " + req + " was given: " + missingResourcePolicy(e.req)
		}
		e.tr.skipStage(StageResource, "Resource-based policy", why)
		return stageVerdict{}
	}
	e.tr.stage(StageResource, pols.Resource.Type.Title())
	if req := requiredResourcePolicy(e.req); req != "" {
		e.tr.note(requiredNote(e.req))
	}
	v := e.policy(pols.Resource)
	e.tr.pop()
	return stageVerdict{verdict: v, applies: true}
}

// requiredResourcePolicy names the resource-based policy that must allow the
// request whatever the identity-based policies say, or "" when an identity
// policy can grant it alone in the same account. "Policy evaluation logic":
// "role trust policies and KMS key policies are exceptions".
func requiredResourcePolicy(req *Prepared) string {
	switch {
	case governedByTrust(req):
		return "role trust policy"
	case isKeyRequest(req):
		return "KMS key policy"
	}
	return ""
}

// requiredNote explains, in the trace, why the policy must allow.
func requiredNote(req *Prepared) string {
	if governedByTrust(req) {
		return trustNote
	}
	return keyPolicyNote
}

// missingResourcePolicy says what it means that no such policy was given.
func missingResourcePolicy(req *Prepared) string {
	if governedByTrust(req) {
		return "every role has a trust policy, and without one that admits the caller the role cannot be assumed"
	}
	return "every KMS key has exactly one key policy, and without one that allows the request no identity-based policy can"
}
