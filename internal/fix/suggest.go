package fix

import (
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/lint"
)

// Rejected is a plan the checks turned down, with why.
type Rejected struct {
	Summary string `json:"summary"`
	Reason  string `json:"reason"`
}

// Suggestions are the checked fixes for one decision, smallest grant first.
type Suggestions struct {
	Decision string     `json:"decision"`
	Want     string     `json:"want"`
	Fixes    []*Fix     `json:"fixes"`
	Rejected []Rejected `json:"rejected,omitempty"`
}

// Suggest proposes the edits that flip the request's decision: to allowed
// when it is denied, to denied when it is allowed. cat is the catalog lint
// checks with (nil: catalog.Load()).
func Suggest(pols *engine.Policies, req engine.Request, cat *catalog.Catalog) (*Suggestions, error) {
	base, err := newState(pols, req)
	if err != nil {
		return nil, err
	}
	if cat == nil {
		cat = catalog.Load()
	}
	base.cat = cat
	res := base.evaluate(true)
	out := &Suggestions{Decision: res.Decision.String(), Want: "allowed", Fixes: []*Fix{}}
	if res.Decision == engine.Allowed {
		out.Want = "denied"
	}
	type plan struct {
		s   *state
		err error
	}
	var plans []plan
	try := func(s *state, f func(*state) error) {
		plans = append(plans, plan{s, f(s)})
	}
	if res.Decision == engine.Allowed {
		try(base.clone(), func(s *state) error { return s.towardDeny(true) })
		try(base.clone(), func(s *state) error { return s.towardDeny(false) })
	} else {
		try(base.clone(), func(s *state) error { return s.towardAllow(narrowDeny) })
		try(base.clone(), func(s *state) error { return s.towardAllow(removeDeny) })
		for _, cc := range contextCandidates(res.Trace.Tree().Root()) {
			s := base.clone()
			if err := s.setContext(cc); err != nil {
				continue
			}
			try(s, func(s *state) error { return s.towardAllow(narrowDeny) })
		}
	}
	seen := map[string]bool{}
	for _, p := range plans {
		if p.err != nil || len(p.s.edits) == 0 {
			continue
		}
		f := p.s.fix(res.Decision)
		key := strings.Join(f.Diffs, "\x00") + f.Summary
		if seen[key] {
			continue
		}
		seen[key] = true
		if why := check(p.s, f, res.Decision, pols, cat); why != "" {
			out.Rejected = append(out.Rejected, Rejected{f.Summary, why})
			continue
		}
		out.Fixes = append(out.Fixes, f)
	}
	sort.SliceStable(out.Fixes, func(i, j int) bool {
		a, b := out.Fixes[i], out.Fixes[j]
		if a.Grants != b.Grants {
			return a.Grants < b.Grants
		}
		return len(a.Edits) < len(b.Edits)
	})
	return out, nil
}

func (s *state) fix(from engine.Decision) *Fix {
	f := &Fix{Edits: s.edits, From: from.String(), Diffs: []string{}, Request: s.req}
	pols := copyPolicies(&s.pols)
	f.Policies = &pols
	var sums []string
	for _, e := range s.edits {
		f.Grants += e.Grants
		sums = append(sums, e.Summary)
		if d := e.Diff(); d != "" {
			f.Diffs = append(f.Diffs, d)
		}
	}
	f.Summary = strings.Join(sums, "; then ")
	f.To = s.evaluate(false).Decision.String()
	return f
}

// check re-judges a fix: the decision must flip, no edited policy may gain a
// lint error or security finding, and no added Allow may grant every action
// on every resource. It returns why the fix fails, or "".
func check(s *state, f *Fix, from engine.Decision, orig *engine.Policies, cat *catalog.Catalog) string {
	to := s.evaluate(false).Decision
	if (from == engine.Allowed) == (to == engine.Allowed) {
		return "the decision stays " + to.String()
	}
	for _, e := range f.Edits {
		if e.Kind == "addContext" || e.After == "" {
			continue
		}
		after, errs := policy.Parse(e.Policy, []byte(e.After), e.Type)
		if errs.HasErrors() {
			return "the edited " + e.Policy + " does not parse: " + errs.Error()
		}
		ctx := lint.Context{Catalog: cat, Account: s.prep.ResourceAccount}
		was := map[string]int{}
		var before *policy.Policy
		if e.Before != "" {
			if before, errs = policy.Parse(e.Policy, []byte(e.Before), e.Type); !errs.HasErrors() {
				for _, fd := range lint.Policy(before, ctx) {
					if fd.Severity <= lint.SecurityWarning {
						was[fd.Code]++
					}
				}
			}
		}
		if grantsAll(after) && (before == nil || !grantsAll(before)) {
			return "it would allow every action on every resource"
		}
		for _, fd := range lint.Policy(after, ctx) {
			if fd.Severity > lint.SecurityWarning {
				continue
			}
			if was[fd.Code] == 0 {
				return "lint: the edited " + e.Policy + " gains " + fd.Severity.String() + " " + fd.Code + ": " + fd.Message
			}
			was[fd.Code]--
		}
	}
	return ""
}

// grantsAll reports whether an Allow statement of p matches every action on
// every resource.
func grantsAll(p *policy.Policy) bool {
	for _, st := range p.Statements {
		if st.Effect != policy.Allow || st.Actions.Not {
			continue
		}
		star := false
		for _, a := range st.Actions.Items {
			star = star || a.Text == "*"
		}
		anyRes := st.Resources == nil // trust and key policies: no Resource
		if st.Resources != nil && !st.Resources.Not {
			for _, r := range st.Resources.Items {
				anyRes = anyRes || r.Any
			}
		}
		if star && anyRes && p.Type != policy.Trust {
			return true
		}
	}
	return false
}
