package fix

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/policytext"
)

// state is a copy of the policies and the request with the edits made so
// far. Edited policies are re-parsed from their new text, so every step is
// judged by the engine exactly as a user's file would be.
type state struct {
	pols  engine.Policies
	req   engine.Request
	prep  *engine.Prepared
	edits []*Edit
	// byPolicy finds the edit of a policy already edited, so that two edits
	// of one policy become one diff.
	byPolicy map[*policy.Policy]*Edit
	// places are where allows were added, in the order the engine asked.
	places []place
	cat    *catalog.Catalog
}

func newState(pols *engine.Policies, req engine.Request) (*state, error) {
	prep, err := engine.Prepare(req)
	if err != nil {
		return nil, err
	}
	s := &state{pols: copyPolicies(pols), req: req, prep: prep, byPolicy: map[*policy.Policy]*Edit{}}
	return s, nil
}

func copyPolicies(p *engine.Policies) engine.Policies {
	c := *p
	c.Identity = slices.Clone(p.Identity)
	c.SCP = cloneLevels(p.SCP)
	c.RCP = cloneLevels(p.RCP)
	return c
}

func cloneLevels(ls [][]*policy.Policy) [][]*policy.Policy {
	if ls == nil {
		return nil
	}
	out := make([][]*policy.Policy, len(ls))
	for i, l := range ls {
		out[i] = slices.Clone(l)
	}
	return out
}

func (s *state) clone() *state {
	c := &state{pols: copyPolicies(&s.pols), req: s.req, prep: s.prep, byPolicy: map[*policy.Policy]*Edit{}, cat: s.cat,
		places: slices.Clone(s.places)}
	for _, e := range s.edits {
		ce := *e
		c.edits = append(c.edits, &ce)
		for p, pe := range s.byPolicy {
			if pe == e {
				c.byPolicy[p] = &ce
			}
		}
	}
	return c
}

func (s *state) evaluate(trace bool) engine.Result {
	return engine.Evaluate(&s.pols, s.prep, engine.Options{Trace: trace})
}

// Text is a policy's own JSON text (package policytext).
func Text(p *policy.Policy) string { return policytext.Of(p) }

// document decodes a policy's text for editing.
func document(p *policy.Policy) (*object, error) {
	v, err := decode(Text(p))
	if err != nil {
		return nil, err
	}
	o, ok := v.(*object)
	if !ok {
		return nil, errors.New("policy " + p.Name + " is not a JSON object")
	}
	return o, nil
}

// replace parses doc as the new text of old (nil: a new policy of typ named
// name), swaps it in wherever old was, and records the edit.
func (s *state) replace(old *policy.Policy, typ policy.Type, name string, doc *object, e Edit) (*policy.Policy, error) {
	text := ""
	if doc != nil {
		text = render(doc)
	}
	var np *policy.Policy
	if doc != nil {
		var errs policy.ErrorList
		np, errs = policy.Parse(name, []byte(text), typ)
		if errs.HasErrors() {
			return nil, errs
		}
		np.Name = name
	}
	s.swap(old, np)
	if prev := s.byPolicy[old]; old != nil && prev != nil {
		prev.After = text
		prev.Kind = mergeKinds(prev.Kind, e.Kind)
		prev.Summary += "; " + e.Summary
		prev.Grants += e.Grants
		delete(s.byPolicy, old)
		if np != nil {
			s.byPolicy[np] = prev
		}
		return np, nil
	}
	e.Policy, e.Type, e.After, e.Original = name, typ, text, old
	if old != nil {
		e.Before = render(mustDecode(Text(old)))
	}
	ep := &e
	s.edits = append(s.edits, ep)
	if np != nil {
		s.byPolicy[np] = ep
	}
	return np, nil
}

func mustDecode(text string) any {
	v, err := decode(text)
	if err != nil {
		return text
	}
	return v
}

func mergeKinds(a, b string) string {
	if a == b || strings.Contains(a, b) {
		return a
	}
	return a + "+" + b
}

// swap puts np where old was (removing old when np is nil), or adds np
// where its stage says when old is nil (callers place new policies with
// add instead).
func (s *state) swap(old, np *policy.Policy) {
	if old == nil {
		return
	}
	one := func(p **policy.Policy) {
		if *p == old {
			*p = np
		}
	}
	one(&s.pols.Resource)
	one(&s.pols.Boundary)
	one(&s.pols.Session)
	one(&s.pols.Endpoint)
	s.pols.Identity = swapList(s.pols.Identity, old, np)
	for i := range s.pols.SCP {
		s.pols.SCP[i] = swapList(s.pols.SCP[i], old, np)
	}
	for i := range s.pols.RCP {
		s.pols.RCP[i] = swapList(s.pols.RCP[i], old, np)
	}
}

func swapList(l []*policy.Policy, old, np *policy.Policy) []*policy.Policy {
	for i, p := range l {
		if p == old {
			if np == nil {
				return slices.Delete(l, i, i+1)
			}
			l[i] = np
		}
	}
	return l
}

// uniqueSid returns a Sid for a new statement that the policy does not use.
func uniqueSid(doc *object, base string) string {
	used := map[string]bool{}
	if doc != nil {
		for _, st := range statements(doc) {
			if o, ok := st.(*object); ok {
				if sid, ok := o.vals["Sid"].(string); ok {
					used[sid] = true
				}
			}
		}
	}
	sid := base
	for i := 2; used[sid]; i++ {
		sid = base + strconv.Itoa(i)
	}
	return sid
}

// sidFor names a statement about an action: "AllowS3GetObject".
func sidFor(effect, action string) string {
	var b strings.Builder
	b.WriteString(effect)
	up := true
	for _, r := range action {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			if up && r >= 'a' && r <= 'z' {
				r -= 'a' - 'A'
			}
			b.WriteRune(r)
			up = false
		default:
			up = true
		}
	}
	return b.String()
}

// appendStatement returns doc with st added to its Statement list.
func appendStatement(doc *object, st *object) *object {
	list := slices.Clone(statements(doc))
	list = append(list, st)
	doc.set("Statement", list)
	return doc
}

func newDocument(st *object) *object {
	return newObject("Version", "2012-10-17", "Statement", []any{st})
}
