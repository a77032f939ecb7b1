package engine

import (
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"

	"github.com/iamplayground/iamplay/engine/policy"
)

// grantKind is how an allowing resource-based statement named the
// principal, which decides what may still limit the grant (grants.go).
type grantKind uint8

const (
	grantNone     grantKind = iota
	grantDirect             // the exact user, session or federated ARN
	grantRole               // the role ARN, for the role or a session of it
	grantAnyone             // "*"
	grantAccount            // the account id or root ARN
	grantService            // a service principal
	grantRootSelf           // root principal named by its own account
)

// rank orders grants from the least limited (a grant to the principal
// itself) to the most (a grant to the account, which only delegates): when
// several statements allow, the least limited one is the one that counts.
func (g grantKind) rank() int {
	switch g {
	case grantDirect, grantService, grantRootSelf:
		return 1
	case grantAnyone:
		return 2 // not limited by a boundary, limited by a session policy
	case grantRole:
		return 3
	case grantAccount:
		return 4
	}
	return 5
}

// NotPrincipal) covers the requester, and how.
func (e *evaluator) principal(p *policy.Policy, s *policy.Statement) grantKind {
	pr := &e.req.Principal
	el := s.Principal
	best, hit := grantNone, -1
	if el.Any {
		best = grantAnyone
		for i, id := range el.Items {
			if id.Any {
				hit = i
			}
		}
	}
	for i := range el.Items {
		g := matchPrincipal(&el.Items[i], pr)
		if g != grantNone && (best == grantNone || g < best) {
			best, hit = g, i
		}
	}
	if el.Not {
		// NotPrincipal matches everyone not listed. AWS compares exact
		// principals, and documents that a Deny with NotPrincipal always
		// applies to a principal that has a permissions boundary.
		listed := best == grantDirect || best == grantRootSelf || best == grantService || best == grantAnyone ||
			best == grantRole && pr.Kind == KindRole
		g := grantNone
		if !listed || (s.Effect == policy.Deny && e.hasBoundary && pr.Kind != KindService && pr.Kind != KindAnonymous) {
			g = grantAnyone
		}
		e.tr.principal(p, s, hit, g != grantNone)
		return g
	}
	e.tr.principal(p, s, hit, best != grantNone)
	return best
}

func matchPrincipal(id *policy.PrincipalID, pr *Principal) grantKind {
	switch id.Kind {
	case "AWS":
		if id.Any {
			return grantAnyone
		}
		if !pr.Kind.hasIdentity() {
			return grantNone // "AWS" names IAM principals, not services or outside identities
		}
		if strings.HasSuffix(id.ARN, ":root") && id.Account == pr.Account {
			if pr.Kind == KindRoot {
				return grantRootSelf
			}
			return grantAccount
		}
		if id.ARN == pr.ARN && pr.Kind != KindRole {
			return grantDirect
		}
		if pr.Kind == KindFederatedUser && id.Account == pr.Account &&
			strings.Contains(id.ARN, ":user/") && lastSegment(id.ARN) == pr.Name {
			// The IAM user behind a federated-user session: the engine takes
			// the session's name to be the user's, the one thing it can know
			// of the GetFederationToken caller. Like a grant to the role ARN,
			// the session policy limits it ("Session policies": a
			// resource-based policy naming the user's ARN is added to its
			// identity-based policy before the session is created).
			return grantRole
		}
		if (pr.Kind == KindRoleSession || pr.Kind == KindRole) && id.Account == pr.Account &&
			strings.Contains(id.ARN, ":role/") && lastSegment(id.ARN) == pr.Name {
			// The role ARN, for the role itself (a role acts only through a
			// session) or any session of it: a boundary or session policy
			// still limits the grant ("Policy evaluation logic").
			return grantRole
		}
	case "Service":
		if pr.Kind == KindService && (id.Any || strings.EqualFold(id.Text, pr.Name)) {
			return grantService
		}
	case "Federated", "CanonicalUser":
		if id.Text == pr.ARN {
			return grantDirect
		}
	}
	return grantNone
}

// namesPrincipalArn reports whether a statement that names every principal
// ("*") picks its principals with a positive condition on aws:PrincipalArn.
// Such a grant names the principal as surely as its ARN in the Principal
// element: the IAM User Guide's "AWS JSON policy elements: Principal" says
// permissions boundaries and session policies do not limit a same-account
// grant made this way.
func namesPrincipalArn(s *policy.Statement) bool {
	for _, c := range s.Conditions {
		// A positive test against values: Null only asks whether the key
		// is there, which names nobody.
		if c.KeyLower == "aws:principalarn" && !c.Operator.Negated() && !c.Operator.IfExists && c.Operator.Base != cond.Null {
			return true
		}
	}
	return false
}
