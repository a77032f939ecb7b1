package diff

import (
	"errors"
	"strconv"

	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// ReplacePolicy returns the scenario file src with the document of the
// policy named name replaced by doc: a customer-managed policy, an inline
// policy (of any user, group or role), an SCP or RCP by its name, a role's
// trust policy by the role's name, or a resource's policy by its ARN. The
// document must be written in the file as a JSON object (not a string), so
// that it can be cut out at its position.
func ReplacePolicy(src []byte, s *world.Scenario, name string, doc []byte) ([]byte, error) {
	var found []*policy.Policy
	w := s.World
	for _, a := range w.Accounts {
		for _, m := range a.Policies {
			if m.Name == name {
				found = append(found, m.Policy)
			}
		}
		for _, g := range a.Groups {
			found = inline(found, g.Inline, name)
		}
		for _, u := range a.Users {
			found = inline(found, u.Inline, name)
		}
		for _, r := range a.Roles {
			found = inline(found, r.Inline, name)
			if r.Name == name && r.Trust != nil {
				found = append(found, r.Trust)
			}
		}
		for _, r := range a.Resources {
			if r.ARN == name && r.Policy != nil {
				found = append(found, r.Policy)
			}
		}
	}
	if w.Org != nil {
		if op := w.Org.Policies[name]; op != nil {
			found = append(found, op.Policy)
		}
	}
	switch {
	case len(found) == 0:
		return nil, errors.New("no policy named " + strconv.Quote(name) + " in the scenario (a customer-managed, inline, SCP or RCP name, a role's name for its trust policy, or a resource's ARN)")
	case len(found) > 1:
		return nil, errors.New(strconv.Itoa(len(found)) + " policies are named " + strconv.Quote(name) + "; the name must pick one")
	}
	p := found[0]
	if p.Source != s.Source {
		return nil, errors.New("policy " + strconv.Quote(name) + " is written as a string in the file; write it as a JSON object to replace it")
	}
	a, b := p.Span.Start.Offset, p.Span.End.Offset
	out := append(append(append([]byte{}, src[:a]...), doc...), src[b:]...)
	return out, nil
}

func inline(found []*policy.Policy, l []*world.InlinePolicy, name string) []*policy.Policy {
	for _, ip := range l {
		if ip.Name == name {
			found = append(found, ip.Policy)
		}
	}
	return found
}
