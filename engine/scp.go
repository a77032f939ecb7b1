package engine

// Service control policies (SCPs), AWS Organizations: they set the most that
// the principals of member accounts may do. Every level from the
// organization root down to the account must allow the request; a Deny at
// any level denies it. They do not restrict service-linked roles, AWS
// service principals or callers outside the organization (AWS Organizations
// User Guide, "Service control policies (SCPs)"; IAM User Guide, "Policy
// evaluation logic").

func (e *evaluator) scpStage(pols *Policies) stageVerdict {
	const title = "Service control policies (SCPs)"
	pr := e.req.Principal
	var why string
	switch {
	case pols.SCP == nil:
		why = "the principal's account is not in an organization"
	case pr.ServiceLinked:
		why = "SCPs do not restrict service-linked roles"
	case pr.Kind == KindService:
		why = "SCPs do not apply to AWS service principals"
	case pr.Kind == KindAnonymous:
		why = "SCPs apply to principals of member accounts, not anonymous callers"
	case pr.Kind.federated():
		why = "SCPs apply to principals of member accounts, not to an outside identity provider's users"
	}
	if why != "" {
		e.tr.skipStage(StageSCP, title, why)
		return stageVerdict{}
	}
	sv := stageVerdict{applies: true}
	e.tr.stage(StageSCP, title+" of the principal's account")
	for lvl, list := range pols.SCP {
		e.tr.level(lvl, len(pols.SCP), "SCP")
		allowed := false
		for _, p := range list {
			v := e.policy(p)
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
	return sv
}
