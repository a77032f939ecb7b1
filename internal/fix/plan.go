package fix

import (
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// maxSteps bounds a plan: each step removes one deny or adds one allow, and
// a request passes through at most a dozen places.
const maxSteps = 16

// denyMode says how a plan deals with a matching Deny.
type denyMode uint8

const (
	narrowDeny denyMode = iota // take the action out of the statement when it lists others
	removeDeny                 // remove the statement
)

var errStuck = errors.New("no edit of the policies can change this decision")

// towardAllow edits s until the engine allows the request.
func (s *state) towardAllow(mode denyMode) error {
	for range maxSteps {
		res := s.evaluate(false)
		if res.Decision == engine.Allowed {
			return nil
		}
		if res.Refusal != "" {
			return errors.New("AWS refuses this request whatever the policies say: " + res.Refusal)
		}
		var err error
		if res.Decision == engine.ExplicitDeny {
			err = s.liftDeny(res.Deciding, mode)
		} else {
			var pl place
			pl, err = s.placeFor(res)
			if err == nil {
				s.places = append(s.places, pl)
				err = s.addAllow(pl)
			}
		}
		if err != nil {
			return err
		}
	}
	return errStuck
}

// place is where an allow has to come from.
type place struct {
	stage engine.Stage
	level int // SCP level, from 1
	why   engine.Why
}

// placeFor reads the place an implicit deny needs an allow from, as the
// engine's reason names it.
func (s *state) placeFor(res engine.Result) (place, error) {
	switch res.Why {
	case engine.WhySCPGap:
		return place{engine.StageSCP, res.Level, res.Why}, nil
	case engine.WhyEndpointGap:
		return place{stage: engine.StageEndpoint, why: res.Why}, nil
	case engine.WhyBoundaryGap:
		return place{stage: engine.StageBoundary, why: res.Why}, nil
	case engine.WhySessionGap:
		return place{stage: engine.StageSession, why: res.Why}, nil
	case engine.WhyCrossNoResource, engine.WhyResourceRequired, engine.WhyNoResourcePolicy:
		return place{stage: engine.StageResource, why: res.Why}, nil
	case engine.WhyNoAllow, engine.WhyCrossNoIdentity, engine.WhyAccountDelegated:
		if hasIdentity(s.prep.Principal.Kind) {
			return place{stage: engine.StageIdentity, why: res.Why}, nil
		}
		return place{stage: engine.StageResource, why: res.Why}, nil
	}
	return place{}, errStuck
}

func hasIdentity(k engine.PrincipalKind) bool {
	switch k {
	case engine.KindUser, engine.KindRoleSession, engine.KindRole, engine.KindFederatedUser, engine.KindRoot:
		return true
	}
	return false
}

// addAllow adds to the place a statement allowing exactly the request's
// action on its resource.
func (s *state) addAllow(pl place) error {
	action, resource := s.req.Action, s.req.Resource
	st := newObject("Sid", "", "Effect", "Allow")
	var target *policy.Policy
	var typ policy.Type
	name := ""
	switch pl.stage {
	case engine.StageIdentity:
		typ, name = policy.Identity, "iamplay-fix"
		target = firstEditable(s.pols.Identity)
	case engine.StageBoundary:
		target, typ = s.pols.Boundary, policy.Boundary
	case engine.StageSession:
		target, typ = s.pols.Session, policy.Session
	case engine.StageEndpoint:
		target, typ = s.pols.Endpoint, policy.Endpoint
		st.set("Principal", "*")
	case engine.StageSCP:
		typ, name = policy.SCP, "iamplay-fix SCP level "+strconv.Itoa(pl.level)
		if pl.level < 1 || pl.level > len(s.pols.SCP) {
			return errStuck
		}
		target = firstEditable(s.pols.SCP[pl.level-1])
	case engine.StageResource:
		typ, name = policy.Resource, "resource policy"
		if engine.TrustGoverned(action, resource) {
			typ, name = policy.Trust, "trust policy"
		}
		target = s.pols.Resource
		pr, ok := s.principalElement()
		if !ok {
			return errStuck
		}
		st.set("Principal", pr)
		if k := s.prep.Principal.Kind; k == engine.KindWebIdentity || k == engine.KindSAML {
			if cond := s.federatedConditions(); cond != nil {
				st.set("Condition", cond)
			}
		}
	default:
		return errStuck
	}
	if target == nil && pl.stage != engine.StageIdentity && pl.stage != engine.StageResource && pl.stage != engine.StageSCP {
		return errStuck // a boundary, session or endpoint policy not in play cannot be what denies
	}
	if target != nil && !editable(target) {
		return errStuck // an AWS managed boundary cannot be edited
	}
	e := Edit{Stage: pl.stage.String(), Level: pl.level, Grants: 1,
		Summary: "allow " + action + " on " + resource + " in the " + placeTitle(pl, typ)}
	if typ == policy.Trust || typ == policy.Resource {
		e.Summary = "let " + principalLabel(s.prep) + " call " + action + " in the " + placeTitle(pl, typ)
	}
	return s.addStatement(target, typ, name, pl, st, "Allow", e)
}

// addStatement completes st (Action, Resource, a Sid of its own), adds it
// to target (or to a new policy named name at the place) and records e.
func (s *state) addStatement(target *policy.Policy, typ policy.Type, name string, pl place, st *object, effect string, e Edit) error {
	st.set("Action", s.req.Action)
	if typ != policy.Trust {
		st.set("Resource", s.resourceElement())
	}
	st.moveLast("Condition")
	var doc *object
	e.Kind = "addPolicy"
	if target != nil {
		var err error
		if doc, err = document(target); err != nil {
			return err
		}
		name, e.Kind = target.Name, "addStatement"
	}
	st.vals["Sid"] = uniqueSid(doc, sidFor(effect, s.req.Action))
	if doc == nil {
		doc = newDocument(st)
	} else {
		doc = appendStatement(doc, st)
	}
	np, err := s.replace(target, typ, name, doc, e)
	if err != nil {
		return err
	}
	if target == nil {
		s.add(pl, np)
	}
	return nil
}

// add places a new policy at its stage.
func (s *state) add(pl place, np *policy.Policy) {
	switch pl.stage {
	case engine.StageIdentity:
		s.pols.Identity = append(s.pols.Identity, np)
	case engine.StageResource:
		s.pols.Resource = np
	case engine.StageSCP:
		s.pols.SCP[pl.level-1] = append(s.pols.SCP[pl.level-1], np)
	}
}

// principalElement names the caller as a resource-based policy would: the
// role of a session, the user, the account root, the service.
func (s *state) principalElement() (any, bool) {
	p := s.prep.Principal
	switch p.Kind {
	case engine.KindUser, engine.KindRoot, engine.KindFederatedUser:
		return newObject("AWS", p.ARN), true
	case engine.KindRoleSession, engine.KindRole:
		if p.RoleARN != "" {
			return newObject("AWS", p.RoleARN), true
		}
		return newObject("AWS", p.ARN), true
	case engine.KindService:
		return newObject("Service", p.ARN), true
	case engine.KindWebIdentity, engine.KindSAML:
		return newObject("Federated", p.ARN), true
	}
	return nil, false
}

// federatedConditions pins a trust statement for an identity provider's
// user to the claims the request carries (token.actions.githubusercontent.com:sub,
// SAML:aud …), so that it admits this identity and not every user of the
// provider.
func (s *state) federatedConditions() *object {
	p := s.prep.Principal
	prefix := "SAML:"
	if p.Kind == engine.KindWebIdentity {
		host := p.ARN
		if i := strings.Index(host, ":oidc-provider/"); i >= 0 {
			host = host[i+len(":oidc-provider/"):]
		}
		prefix = host + ":"
	}
	eq := newObject()
	for _, k := range slices.Sorted(maps.Keys(s.req.Context)) {
		if v := s.req.Context[k]; strings.HasPrefix(strings.ToLower(k), strings.ToLower(prefix)) && len(v.Values) > 0 {
			if len(v.Values) == 1 {
				eq.set(k, v.Values[0])
			} else {
				eq.set(k, slices.Clone(anyList(v.Values)))
			}
		}
	}
	if len(eq.keys) == 0 {
		return nil
	}
	return newObject("StringEquals", eq)
}

func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func principalLabel(p *engine.Prepared) string {
	if p.Principal.RoleARN != "" {
		return p.Principal.RoleARN
	}
	return p.Principal.ARN
}

func placeTitle(pl place, typ policy.Type) string {
	if pl.stage == engine.StageSCP {
		return "SCP at organization level " + strconv.Itoa(pl.level)
	}
	return typ.Title()
}

// liftDeny narrows or removes the Deny statement that decided.
func (s *state) liftDeny(ref engine.Ref, mode denyMode) error {
	if !ref.Valid() {
		return errStuck
	}
	return s.drop(ref, mode, "Deny", "lift the deny")
}

// drop narrows (when mode allows and the statement lists other actions) or
// removes the statement ref points at.
func (s *state) drop(ref engine.Ref, mode denyMode, effect, verb string) error {
	pol, st := ref.Policy, ref.Statement
	if !editable(pol) {
		e := Edit{Kind: "removePolicy", Stage: stageOf(pol.Type), Grants: boolGrant(effect == "Deny", breadth(st)),
			Summary: verb + ": detach " + pol.Name + " (AWS managed: its statement " + st.Label() + " cannot be edited)"}
		_, err := s.replace(pol, pol.Type, pol.Name, nil, e)
		return err
	}
	doc, err := document(pol)
	if err != nil {
		return err
	}
	list := statements(doc)
	if st.Index >= len(list) {
		return errStuck
	}
	so, _ := list[st.Index].(*object)
	if so == nil {
		return errStuck
	}
	stage := stageOf(pol.Type)
	if mode == narrowDeny && !st.Actions.Not && len(st.Actions.Items) > 1 {
		var keep []any
		for _, a := range st.Actions.Items {
			if !a.Pattern.Match(s.prep.ActionLower) {
				keep = append(keep, a.Text)
			}
		}
		if len(keep) > 0 && len(keep) < len(st.Actions.Items) {
			if len(keep) == 1 {
				so.set("Action", keep[0])
			} else {
				so.set("Action", keep)
			}
			e := Edit{Kind: "narrowStatement", Stage: stage, Grants: boolGrant(effect == "Deny", 1),
				Summary: verb + ": take " + s.req.Action + " out of " + effect + " statement " + st.Label() + " of " + pol.Name}
			_, err := s.replace(pol, pol.Type, pol.Name, doc, e)
			return err
		}
	}
	e := Edit{Kind: "removeStatement", Stage: stage, Grants: boolGrant(effect == "Deny", breadth(st)),
		Summary: verb + ": remove " + effect + " statement " + st.Label() + " of " + pol.Name}
	if len(list) == 1 {
		e.Kind = "removePolicy"
		e.Summary = verb + ": remove " + pol.Name + " (its only statement is " + st.Label() + ")"
		_, err := s.replace(pol, pol.Type, pol.Name, nil, e)
		return err
	}
	rest := append(append([]any{}, list[:st.Index]...), list[st.Index+1:]...)
	doc.set("Statement", rest)
	_, err = s.replace(pol, pol.Type, pol.Name, doc, e)
	return err
}

func boolGrant(counts bool, n int) int {
	if counts {
		return n
	}
	return 0
}

// breadth is how much a statement covers: its actions times its resources,
// wildcards weighing more.
func breadth(st *policy.Statement) int {
	w := func(s string, any bool) int {
		switch {
		case s == "*" || any:
			return 1000
		case len(s) > 0 && s[len(s)-1] == '*' && s[len(s)-2] == ':':
			return 100
		}
		for _, c := range s {
			if c == '*' || c == '?' {
				return 10
			}
		}
		return 1
	}
	na := 0
	for _, a := range st.Actions.Items {
		na += w(a.Text, false)
	}
	if st.Actions.Not {
		na = 1000
	}
	nr := 1
	if st.Resources != nil {
		nr = 0
		for _, r := range st.Resources.Items {
			nr += w(r.Text, r.Any)
		}
		if st.Resources.Not {
			nr = 1000
		}
	}
	return max(na*nr, 2)
}

func stageOf(t policy.Type) string {
	switch t {
	case policy.Identity:
		return "identity"
	case policy.Boundary:
		return "boundary"
	case policy.Session:
		return "session"
	case policy.SCP:
		return "scp"
	case policy.RCP:
		return "rcp"
	case policy.Endpoint:
		return "vpcEndpoint"
	}
	return "resource"
}

// towardDeny edits s until the engine no longer allows the request: first by
// adding a Deny (addDeny), else by narrowing or removing what allowed.
func (s *state) towardDeny(addDeny bool) error {
	if addDeny {
		return s.addDeny()
	}
	for range maxSteps {
		res := s.evaluate(false)
		if res.Decision != engine.Allowed {
			return nil
		}
		ref := res.Deciding
		if !ref.Valid() {
			return errStuck
		}
		if err := s.drop(ref, narrowDeny, ref.Statement.Effect.String(), "stop the allow"); err != nil {
			return err
		}
	}
	return errStuck
}

// addDeny adds a Deny of exactly the request to the first identity policy
// (or a new one), or to the resource's policy for callers with no identity.
func (s *state) addDeny() error {
	action, resource := s.req.Action, s.req.Resource
	st := newObject("Sid", "", "Effect", "Deny")
	pl := place{stage: engine.StageIdentity}
	typ, name := policy.Identity, "iamplay-fix"
	var target *policy.Policy
	if hasIdentity(s.prep.Principal.Kind) && s.prep.Principal.Kind != engine.KindRoot {
		target = firstEditable(s.pols.Identity)
	} else {
		pl.stage, typ, name = engine.StageResource, policy.Resource, "resource policy"
		if engine.TrustGoverned(action, resource) {
			typ, name = policy.Trust, "trust policy"
		}
		target = s.pols.Resource
		pr, ok := s.principalElement()
		if !ok {
			pr = "*"
		}
		st.set("Principal", pr)
	}
	e := Edit{Stage: pl.stage.String(), Summary: "deny " + action + " on " + resource + " in the " + typ.Title()}
	return s.addStatement(target, typ, name, pl, st, "Deny", e)
}

// editable reports whether a policy can be edited: AWS managed policies
// cannot (only attached or detached).
func editable(p *policy.Policy) bool {
	return !strings.HasPrefix(p.Name, "arn:aws:iam::aws:policy/") && !strings.Contains(p.Name, "AWS managed policy")
}

func firstEditable(l []*policy.Policy) *policy.Policy {
	for _, p := range l {
		if editable(p) {
			return p
		}
	}
	return nil
}

// resourceElement is the Resource of a new statement: the request's
// resource, or "*" for an action that supports no resource-level
// permissions (Service Authorization Reference).
func (s *state) resourceElement() string {
	if s.cat != nil {
		if a := s.cat.Action(s.req.Action); a != nil && len(a.Resources) == 0 {
			return "*"
		}
	}
	return s.req.Resource
}
