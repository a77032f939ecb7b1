package engine

// Permissions boundaries: a managed policy that sets the most a user's or
// role's identity-based policies can grant. It grants nothing itself. An
// implicit deny in it limits grants by identity-based policies and by
// resource-based policies that name the role ARN, but not those that name
// the user or the session ARN itself (IAM User Guide, "Permissions
// boundaries for IAM entities" and "Policy evaluation logic").

func (e *evaluator) boundaryStage(pols *Policies) stageVerdict {
	const title = "Permissions boundary"
	if pols.Boundary == nil || !e.req.Principal.Kind.hasIdentity() {
		e.tr.skipStage(StageBoundary, title, "no permissions boundary is set")
		return stageVerdict{}
	}
	e.tr.stage(StageBoundary, title)
	v := e.policy(pols.Boundary)
	e.tr.pop()
	return stageVerdict{verdict: v, applies: true}
}
