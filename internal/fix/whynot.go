package fix

import (
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Place is one place an allow would have to come from.
type Place struct {
	Stage string `json:"stage"`
	Level int    `json:"level,omitempty"`
	// Policy is the policy that would hold the allow, when one is in play.
	Policy string `json:"policy,omitempty"`
	Text   string `json:"text"`
}

// WhyNot lists, for an implicit deny, every place an allow would have to
// come from, in the order of AWS's flow: each place is found by the engine
// itself, by supplying the allow it asked for and evaluating again. It is
// empty for any other decision; for a request AWS refuses whatever the
// policies say, it holds that one reason.
func WhyNot(pols *engine.Policies, req engine.Request) ([]Place, error) {
	s, err := newState(pols, req)
	if err != nil {
		return nil, err
	}
	res := s.evaluate(false)
	if res.Decision != engine.ImplicitDeny {
		return []Place{}, nil
	}
	if res.Refusal != "" {
		return []Place{{Stage: "refused", Text: "AWS refuses this request whatever the policies say: " + res.Refusal}}, nil
	}
	before := s.clone()
	err = s.towardAllow(narrowDeny)
	out := make([]Place, 0, len(s.places))
	for _, pl := range s.places {
		out = append(out, Place{Stage: pl.stage.String(), Level: pl.level, Policy: before.holder(pl), Text: words(pl, before)})
	}
	if err != nil && len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// holder names the policy in play at the place, if any.
func (s *state) holder(pl place) string {
	switch pl.stage {
	case engine.StageBoundary:
		return nameOf(s.pols.Boundary)
	case engine.StageSession:
		return nameOf(s.pols.Session)
	case engine.StageEndpoint:
		return nameOf(s.pols.Endpoint)
	case engine.StageResource:
		return nameOf(s.pols.Resource)
	case engine.StageSCP:
		if pl.level >= 1 && pl.level <= len(s.pols.SCP) {
			var names []string
			for _, p := range s.pols.SCP[pl.level-1] {
				names = append(names, p.Name)
			}
			return strings.Join(names, ", ")
		}
	}
	return ""
}

func nameOf(p *policy.Policy) string {
	if p == nil {
		return ""
	}
	return p.Name
}

// words says in plain words what the place must allow.
func words(pl place, s *state) string {
	who, act, res := principalLabel(s.prep), s.req.Action, s.req.Resource
	what := act + " on " + res
	switch pl.stage {
	case engine.StageIdentity:
		t := "An identity-based policy of " + who + " (attached to the user, one of its groups, or the role) must allow " + what + "."
		if pl.why == engine.WhyCrossNoIdentity {
			t += " Across accounts the resource's policy is not enough: the caller's own account must allow it too."
		} else if pl.why == engine.WhyAccountDelegated {
			t += " The resource's policy names only the account, which delegates the decision to the account's own policies."
		} else {
			t += " (In the same account, a resource-based policy naming " + who + " would also do.)"
		}
		return t
	case engine.StageBoundary:
		return "The permissions boundary must allow " + what + " too: a boundary grants nothing, it caps what the identity-based policies grant."
	case engine.StageSession:
		return "The session policy passed when the session was created must allow " + what + " too: it caps the session."
	case engine.StageEndpoint:
		return "The policy of the VPC endpoint the request goes through must allow " + what + "."
	case engine.StageSCP:
		return "An SCP attached at organization level " + strconv.Itoa(pl.level) + " (level 1 is the root, the last level the account) must allow " + act + ": every level from the root to the account must allow, and an SCP grants nothing by itself."
	case engine.StageResource:
		switch {
		case engine.TrustGoverned(act, res):
			return "The trust policy of role " + res + " must allow " + who + " to call " + act + ": a role can only be assumed by principals its trust policy admits, whatever their own policies allow."
		case strings.HasPrefix(res, "arn:aws:kms:"):
			return "The key policy of " + res + " must allow " + who + " to call " + act + " (directly, or by letting the account's IAM policies decide): without it no identity-based policy can."
		case pl.why == engine.WhyCrossNoResource:
			return "The resource-based policy of " + res + " must allow " + who + ": the resource is in another account, and across accounts both the caller's account and the resource's must allow."
		}
		return "A resource-based policy of " + res + " must allow " + who + " to call " + act + "."
	}
	return ""
}
