package engine

import "strconv"

// Reason explains the decision in one sentence, true of the case at hand.
func (r Result) Reason() string {
	// A statement is named in three parts, so that each sentence is made
	// in one concatenation, one allocation: "identity policy 1" ", statement "
	// "ReadImages" (or the statement's number).
	where := func(ref Ref) (policy, sep, stmt string) {
		if !ref.Valid() {
			return "", "", ""
		}
		if ref.Statement.Sid != "" {
			return ref.Policy.Name, ", statement ", ref.Statement.Sid
		}
		return ref.Policy.Name, ", statement ", strconv.Itoa(ref.Statement.Index + 1)
	}
	dp, ds, dn := where(r.Deciding)
	pr, required := "the principal", "resource-based policy"
	if r.req != nil {
		pr = r.req.Principal.Kind.String()
		if need := r.req.required; need != nil {
			required = need.name
		}
	}
	switch r.Why {
	case WhyDeny:
		return "Explicit deny in " + dp + ds + dn + "."
	case WhySCPGap:
		return "Implicit deny: no service control policy at SCP level " + strconv.Itoa(r.Level) + " allows the action, and every level of the organization must allow it."
	case WhyEndpointGap:
		return "Implicit deny: the request went through a VPC endpoint whose policy does not allow it, and an endpoint policy must allow every request made through it."
	case WhyResourceDirect:
		if r.grant == grantAnyone {
			return "Allowed by " + dp + ds + dn + ", which names every principal (\"*\"), the " + pr + " among them; that alone is enough, and a permissions boundary does not limit it."
		}
		return "Allowed by " + dp + ds + dn + ", which names the " + pr + " directly; in the same account that alone is enough."
	case WhyResourceRole:
		return "Allowed by " + dp + ds + dn + ": in the same account a resource-based policy grant is enough, within the permissions boundary and session policy."
	case WhyIdentity:
		return "Allowed by " + dp + ds + dn + ", and nothing denies it."
	case WhyRoot:
		return "Allowed: the account root user has full access to its own account, and nothing denies it."
	case WhyCrossAccount:
		gp, gs, gn := "the resource-based policy", "", ""
		if r.Granted.Valid() && r.Granted != r.Deciding {
			gp, gs, gn = where(r.Granted)
		}
		if r.Deciding == r.Granted {
			return "Allowed across accounts: the account root user needs no identity-based policy, and " + gp + gs + gn + " allows it in the resource's account."
		}
		return "Allowed across accounts: " + dp + ds + dn + " allows it in the principal's account, and " + gp + gs + gn + " allows it in the resource's account."
	case WhyBoundaryGap:
		return "Implicit deny: the permissions boundary does not allow the action, so neither the identity-based policies nor a resource-based grant to the role can."
	case WhySessionGap:
		return "Implicit deny: the session policy does not allow the action, so neither the role's identity-based policies nor a resource-based grant to the role can."
	case WhyCrossNoResource:
		return "Implicit deny: a cross-account request needs the resource's policy to allow it too, and it does not."
	case WhyCrossNoIdentity:
		return "Implicit deny: the resource-based policy allows the request, but across accounts the principal's own identity-based policies must allow it too."
	case WhyAccountDelegated:
		return "Implicit deny: the " + required + " names only the account, which delegates the decision to the account's identity-based policies, and none of them allows it."
	case WhyResourceRequired:
		return "Implicit deny: the " + required + " does not allow the request, and it must, whatever the identity-based policies say."
	case WhyNoResourcePolicy:
		return "Implicit deny: no " + required + " was given, and it must allow the request, whatever the identity-based policies say."
	case WhyRefused:
		return "Refused: " + r.Refusal + "."
	case WhyNoPermissionNeeded:
		return "Allowed: sts:GetCallerIdentity needs no permission, and no policy can deny it."
	}
	return "Implicit deny: no policy allows the action, so it is denied by default."
}
