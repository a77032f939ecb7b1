package engine

// grants decides, into r, once no policy denies and every guardrail
// allows, whether a policy grants the request: the resource-based policy,
// the identity-based policies, and the permissions boundary and session
// policy that limit them. It follows "Policy evaluation logic" (requests within a single
// account) and "Cross-account policy evaluation logic", with the services
// whose resource policy must allow (trust.go, kms.go).
func (e *evaluator) grants(r *Result, v *verdicts) {
	pr := &e.req.Principal
	res, id := &v[StageResource], &v[StageIdentity]
	hasBoundary, hasSession := v[StageBoundary].applies, v[StageSession].applies
	boundaryOK := !hasBoundary || v[StageBoundary].allow.Valid()
	sessionOK := !hasSession || v[StageSession].allow.Valid()
	root := pr.Kind == KindRoot
	identityOK := id.applies && (id.allow.Valid() || root)
	required := e.req.required

	r.Flow[StageResource] = applicable(res.applies, fail(!res.allow.Valid()))
	r.Flow[StageIdentity] = applicable(id.applies, fail(!identityOK))
	r.Flow[StageBoundary] = applicable(hasBoundary, fail(!boundaryOK))
	r.Flow[StageSession] = applicable(hasSession, fail(!sessionOK))
	deny := func(why Why) {
		r.Decision, r.Why = ImplicitDeny, why
	}

	if required != nil && !res.applies {
		deny(WhyNoResourcePolicy)
		return
	}
	if !id.applies {
		// Services, anonymous and federated callers have no identity side:
		// the resource-based policy alone decides, if it names them.
		if res.allow.Valid() && res.grant != grantAccount {
			r.Decision, r.Why, r.Deciding, r.grant = Allowed, WhyResourceDirect, res.allow, res.grant
			return
		}
		deny(missingGrant(required))
		return
	}
	crossAccount := pr.Account == "" || pr.Account != e.req.ResourceAccount
	if crossAccount {
		// Both sides must allow: the resource's policy in its account, and
		// the principal's identity-based policies (within its boundary and
		// session policy) in the principal's account.
		switch {
		case !res.allow.Valid() && required != nil:
			deny(WhyResourceRequired)
		case !res.allow.Valid():
			deny(WhyCrossNoResource)
		case !identityOK:
			deny(WhyCrossNoIdentity)
		case !boundaryOK:
			deny(WhyBoundaryGap)
		case !sessionOK:
			deny(WhySessionGap)
		default:
			r.Decision, r.Why, r.Deciding, r.Granted = Allowed, WhyCrossAccount, id.allow, res.allow
			if !id.allow.Valid() { // the root user, who needs no identity policy
				r.Deciding = res.allow
			}
		}
		return
	}

	// Same account: a resource-based policy can allow on its own, depending
	// on how it names the principal.
	if res.allow.Valid() {
		switch res.grant {
		case grantDirect, grantService:
			// Granted to the user, session or federated-user ARN itself (or
			// to "*" narrowed by aws:PrincipalArn): an implicit deny in a
			// boundary or session policy does not limit it.
			r.Decision, r.Why, r.Deciding, r.grant = Allowed, WhyResourceDirect, res.allow, res.grant
			r.Flow[StageIdentity], r.Flow[StageBoundary], r.Flow[StageSession] = NotReached, NotReached, NotReached
			return
		case grantAnyone:
			// Granted to every principal ("*"), which names the user or
			// session among them: a boundary's implicit deny does not limit
			// it, as for a grant to the user ARN; a session policy does, as
			// "Session policies" lets only a grant to the session ARN itself
			// past it.
			if sessionOK {
				r.Decision, r.Why, r.Deciding, r.grant = Allowed, WhyResourceDirect, res.allow, res.grant
				r.Flow[StageIdentity], r.Flow[StageBoundary] = NotReached, NotReached
				return
			}
		case grantRole:
			// Granted to the role ARN: an implicit deny in a permissions
			// boundary or session policy still limits it.
			if boundaryOK && sessionOK {
				r.Decision, r.Why, r.Deciding = Allowed, WhyResourceRole, res.allow
				r.Flow[StageIdentity] = NotReached
				return
			}
		}
	}
	switch {
	case identityOK && required != nil && !res.allow.Valid():
		// Trust and key policies are the exception: an identity-based policy
		// alone is not enough, even in the same account.
		deny(WhyResourceRequired)
	case identityOK && !boundaryOK:
		deny(WhyBoundaryGap)
	case identityOK && !sessionOK:
		deny(WhySessionGap)
	case identityOK:
		r.Decision, r.Deciding, r.Why = Allowed, id.allow, WhyIdentity
		if !id.allow.Valid() {
			r.Why = WhyRoot
		}
	case res.allow.Valid() && res.grant == grantAccount:
		deny(WhyAccountDelegated)
	case res.allow.Valid() && !boundaryOK:
		deny(WhyBoundaryGap)
	case res.allow.Valid() && !sessionOK:
		deny(WhySessionGap)
	default:
		deny(missingGrant(required))
	}
}

// missingGrant is the reason when nothing granted the request: for a trust
// or key policy, that the policy AWS requires did not allow it.
func missingGrant(required *requirement) Why {
	if required != nil {
		return WhyResourceRequired
	}
	return WhyNoAllow
}
