package engine

// Permissions boundaries: a managed policy that sets the most a user's or
// role's identity-based policies can grant. It grants nothing itself. An
// implicit deny in it limits grants by identity-based policies and by
// resource-based policies that name the role ARN, but not those that name
// the user or the session ARN itself (IAM User Guide, "Permissions
// boundaries for IAM entities" and "Policy evaluation logic").

func (e *evaluator) boundaryStage(pols *Policies, sv *stageVerdict) {
	p := pols.Boundary
	if !e.req.Principal.Kind.hasIdentity() {
		p = nil
	}
	e.singleStage(StageBoundary, p, boundaryTitle, boundaryTitle, noBoundary, sv)
}

var (
	boundaryTitle = static("Permissions boundary")
	noBoundary    = static("no permissions boundary is set")
)
