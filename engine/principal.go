package engine

import (
	"strings"

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

// NotPrincipal) covers the requester, and how.
func (e *evaluator) principal(p *policy.Policy, s *policy.Statement) grantKind {
	pr := e.req.Principal
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

func matchPrincipal(id *policy.PrincipalID, pr Principal) grantKind {
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
