package engine

// Identity-based policies: the policies of the user or role, and of the
// user's groups. The account root user has full access to its own account
// without any policy; AWS service principals, anonymous callers and an
// outside identity provider's users have none (IAM User Guide, "Policy
// evaluation logic").

func (e *evaluator) identityStage(pols *Policies, sv *stageVerdict) {
	pr := &e.req.Principal
	if !pr.Kind.hasIdentity() {
		e.tr.skipStage(StageIdentity, identityTitle, e.tr.dyn("a "+pr.Kind.String()+" has no identity-based policies"))
		return
	}
	sv.applies = true
	e.tr.stage(StageIdentity, identityTitle)
	switch {
	case pr.Kind == KindRoot:
		e.tr.note(rootNote)
	case len(pols.Identity) == 0:
		e.tr.note(e.tr.dyn("the " + pr.Kind.String() + " has no identity-based policy, so none allows the request"))
	}
	for _, p := range pols.Identity {
		var v verdict
		e.policy(p, &v)
		if v.deny.Valid() && !sv.deny.Valid() {
			sv.deny = v.deny
		}
		if !sv.allow.Valid() {
			sv.allow = v.allow
		}
	}
	e.tr.pop()
}

var (
	identityTitle = static("Identity-based policies")
	rootNote      = static("the account root user has full access to its own account's resources without any policy")
)
