package engine

// Service control policies (SCPs), AWS Organizations: they set the most that
// the principals of member accounts may do. Every level from the
// organization root down to the account must allow the request; a Deny at
// any level denies it. They do not restrict service-linked roles, AWS
// service principals or callers outside the organization (AWS Organizations
// User Guide, "Service control policies (SCPs)"; IAM User Guide, "Policy
// evaluation logic").

func (e *evaluator) scpStage(pols *Policies, sv *stageVerdict) {
	pr := &e.req.Principal
	var why textRef
	switch {
	case pols.SCP == nil:
		why = scpNoOrg
	case pr.ServiceLinked:
		why = scpServiceLinked
	case pr.Kind == KindService:
		why = scpService
	case pr.Kind == KindAnonymous:
		why = scpAnonymous
	case pr.Kind.federated():
		why = scpFederated
	}
	if why != 0 {
		e.tr.skipStage(StageSCP, scpTitle, why)
		return
	}
	sv.applies = true
	e.tr.stage(StageSCP, scpLabel)
	for lvl, list := range pols.SCP {
		e.tr.level(lvl, len(pols.SCP), scpLevel)
		allowed := false
		for _, p := range list {
			var v verdict
			e.policy(p, &v)
			if v.deny.Valid() && !sv.deny.Valid() {
				sv.deny = v.deny
			}
			allowed = allowed || v.allow.Valid()
		}
		if !allowed && sv.gap == 0 {
			sv.gap = lvl + 1
		}
		e.tr.levelResult(allowed)
		e.tr.pop()
	}
	e.tr.pop()
}

var (
	scpTitle         = static("Service control policies (SCPs)")
	scpLabel         = static("Service control policies (SCPs) of the principal's account")
	scpLevel         = static("SCP")
	scpNoOrg         = static("the principal's account is not in an organization")
	scpServiceLinked = static("SCPs do not restrict service-linked roles")
	scpService       = static("SCPs do not apply to AWS service principals")
	scpAnonymous     = static("SCPs apply to principals of member accounts, not anonymous callers")
	scpFederated     = static("SCPs apply to principals of member accounts, not to an outside identity provider's users")
)
