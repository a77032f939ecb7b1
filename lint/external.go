package lint

import (
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// allowAll stands for the outside principal's own identity policies: IAM
// Access Analyzer reports what a resource's policy lets outsiders do, taking
// their own account's consent for granted.
var allowAll, _ = policy.Parse("outsider's identity policy", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`), policy.Identity)

// external finds resources and roles that principals outside the zone of
// trust can reach, as IAM Access Analyzer's external access findings do
// ("Using AWS IAM Access Analyzer", "Zone of trust"): for each Allow
// statement of a resource or trust policy naming an outside principal (or
// everyone), the engine evaluates that principal's request with the
// resource's policy and the RCPs over its account, with only the context an
// outsider brings.
func (w *worldLinter) external() {
	for _, a := range w.s.World.Accounts {
		for _, r := range a.Resources {
			if r.Policy != nil {
				w.reach(a, r.Policy, r.ARN, "resource "+r.ARN)
			}
		}
		for _, ro := range a.Roles {
			if ro.Trust != nil {
				w.reach(a, ro.Trust, ro.ARN(), "role "+ro.Name)
			}
		}
	}
}

func (w *worldLinter) reach(a *world.Account, p *policy.Policy, arn, what string) {
	trusted := w.trusted(a.ID)
	for _, s := range p.Statements {
		if s.Effect != policy.Allow || s.Principal == nil || s.Principal.Not || s.Actions.Not {
			continue
		}
		for _, who := range w.outsiders(s.Principal, trusted) {
			if act, res, ok := w.grants(a, p, s, who, arn); ok {
				w.add(p.Source, s.Principal.Span, "checklist.externalAccess", what+" is reachable from outside the organization: "+who+" can "+act+" on "+res+"; if that is not intended, name only principals of the organization or add an aws:PrincipalOrgID condition")
				break
			}
		}
	}
}

// outsiders lists the principals of a Principal element outside the zone
// of trust; "*" is an outside account's user.
func (w *worldLinter) outsiders(p *policy.Principal, trusted func(string) bool) []string {
	var out []string
	for _, id := range p.Items {
		switch {
		case id.Kind != "AWS":
		case id.Any:
			out = append(out, "arn:aws:iam::"+w.outsideAccount()+":user/outsider")
		case id.Account != "" && !trusted(id.Account):
			out = append(out, id.ARN)
		}
	}
	if p.Any && len(p.Items) == 0 {
		out = append(out, "arn:aws:iam::"+w.outsideAccount()+":user/outsider")
	}
	return out
}

// outsideAccount is an account id the world does not use.
func (w *worldLinter) outsideAccount() string {
	id := "999999999999"
	for taken := true; taken; {
		taken = false
		for _, a := range w.s.World.Accounts {
			if a.ID == id {
				taken = true
				id = strings.Repeat(string(rune(id[0]-1)), 12)
			}
		}
	}
	return id
}

// grants evaluates the statement's actions for the outsider and returns
// the first the engine allows.
func (w *worldLinter) grants(a *world.Account, p *policy.Policy, s *policy.Statement, who, arn string) (string, string, bool) {
	resources := []string{arn}
	if s.Resources != nil && !s.Resources.Not {
		resources = resources[:0]
		for _, r := range s.Resources.Items {
			switch {
			case r.Any:
				resources = append(resources, arn)
			case !strings.Contains(r.Text, "${"):
				resources = append(resources, strings.NewReplacer("*", "x", "?", "x").Replace(r.Text))
			}
		}
	}
	pols := &engine.Policies{Identity: []*policy.Policy{allowAll}, Resource: p, RCP: w.rcps(a)}
	for _, it := range s.Actions.Items {
		for _, res := range resources {
			act := w.concrete(it.Text, res)
			if act == "" {
				continue
			}
			req, err := engine.Prepare(engine.Request{Principal: who, Action: act, Resource: res, ResourceOwner: a.ID,
				Context: map[string]engine.ContextValue{
					"aws:PrincipalOrgID":  {Values: []string{"o-outsider0000"}},
					"aws:SecureTransport": {Values: []string{"true"}},
					"aws:CurrentTime":     {Values: []string{w.s.World.Time}},
				}})
			if err != nil {
				continue
			}
			if engine.Evaluate(pols, req, engine.Options{}).Decision == engine.Allowed {
				return act, res, true
			}
		}
	}
	return "", "", false
}

// concrete picks an action the pattern covers that acts on the resource.
func (w *worldLinter) concrete(pattern, res string) string {
	if !hasWildcard(pattern) {
		return pattern
	}
	if pattern == "*" {
		pattern = strings.SplitN(res, ":", 4)[2] + ":*"
	}
	for _, a := range w.cat.Expand(pattern) {
		for _, t := range a.Resources {
			if t.Fits(res) {
				return a.FullName()
			}
		}
	}
	return ""
}

// rcps are the RCP levels over the account, as the world applies them.
func (w *worldLinter) rcps(a *world.Account) [][]*policy.Policy {
	o := w.s.World.Org
	if o == nil || a.Node == nil || a.ID == o.ManagementAccount {
		return nil
	}
	var levels [][]*policy.Policy
	any := false
	for _, n := range a.Node.Path() {
		list := []*policy.Policy{}
		for _, p := range n.RCPs {
			list = append(list, p.Policy)
			any = true
		}
		levels = append(levels, list)
	}
	if !any {
		return nil
	}
	return levels
}
