package engine

// Session policies: passed when a role session or federated-user session is
// created, they limit what the session may do. An implicit deny in one
// limits grants by identity-based policies and by resource-based policies
// that name the role ARN, but not those that name the session ARN itself
// (IAM User Guide, "Session policies" and "Policy evaluation logic").

func (e *evaluator) sessionStage(pols *Policies, sv *stageVerdict) {
	p := pols.Session
	if !e.req.Principal.Kind.hasIdentity() {
		p = nil
	}
	e.singleStage(StageSession, p, sessionTitle, sessionTitle, noSession, sv)
}

var (
	sessionTitle = static("Session policy")
	noSession    = static("no session policy was passed")
)
