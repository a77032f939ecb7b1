// Package diff evaluates two versions of a policy, an evaluation input or a
// world against the same questions and reports every decision that
// changed: each named request and matrix cell of the scenario, and — what
// a change does to everyone — every principal of the world for every
// action and resource the scenario asks about.
package diff

import (
	"sort"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/internal/whocan"
)

// Change is a request whose decision changed.
type Change struct {
	Request string `json:"request"`
	// Row and Col locate a matrix cell (-1 for a named request).
	Row int    `json:"row"`
	Col int    `json:"col"`
	Old string `json:"old"`
	New string `json:"new"`
	// OldReport and NewReport are both evaluations with their traces, to
	// open side by side.
	OldReport *evaluate.ScenarioReport `json:"oldReport,omitempty"`
	NewReport *evaluate.ScenarioReport `json:"newReport,omitempty"`
	// Input reports, for a diff of two evaluation inputs.
	OldResult *engine.Report `json:"oldResult,omitempty"`
	NewResult *engine.Report `json:"newResult,omitempty"`
}

// PrincipalChange is a principal of the world whose decision on one of the
// scenario's actions and resources changed.
type PrincipalChange struct {
	Principal string `json:"principal"`
	Action    string `json:"action"`
	Resource  string `json:"resource"`
	Old       string `json:"old"`
	New       string `json:"new"`
}

// Result is a diff.
type Result struct {
	Compared int      `json:"compared"`
	Changes  []Change `json:"changes"`
	// Everyone lists the principals whose access changed.
	Everyone []PrincipalChange `json:"everyone"`
	// OnlyOld and OnlyNew are the requests one version lacks.
	OnlyOld []string `json:"onlyOld,omitempty"`
	OnlyNew []string `json:"onlyNew,omitempty"`
}

// Changed reports whether any decision changed.
func (r *Result) Changed() bool { return len(r.Changes) > 0 || len(r.Everyone) > 0 }

// Inputs compares two evaluation inputs.
func Inputs(old, new *engine.Input) (*Result, error) {
	eval := func(in *engine.Input) (engine.Result, error) {
		p, err := in.Prepare()
		if err != nil {
			return engine.Result{}, err
		}
		return engine.Evaluate(&in.Policies, p, engine.Options{Trace: true}), nil
	}
	a, err := eval(old)
	if err != nil {
		return nil, err
	}
	b, err := eval(new)
	if err != nil {
		return nil, err
	}
	r := &Result{Compared: 1, Changes: []Change{}, Everyone: []PrincipalChange{}}
	if a.Decision != b.Decision {
		ra, rb := a.Report(), b.Report()
		r.Changes = append(r.Changes, Change{Request: new.Name, Row: -1, Col: -1, Old: a.Decision.String(), New: b.Decision.String(), OldResult: &ra, NewResult: &rb})
	}
	return r, nil
}

// Options tune a scenario diff.
type Options struct {
	// Everyone also asks every principal of both worlds each action and
	// resource the scenarios ask about.
	Everyone bool
	// Traces keeps both evaluations of each changed request.
	Traces bool
}

// Scenarios compares two versions of a scenario, request by request (by
// name), and with opts.Everyone principal by principal.
func Scenarios(old, new *world.Scenario, opts Options) *Result {
	r := &Result{Changes: []Change{}, Everyone: []PrincipalChange{}}
	eo := engine.Options{Trace: opts.Traces}
	for _, nr := range new.Requests {
		or := old.Request(nr.Name)
		if or == nil {
			r.OnlyNew = append(r.OnlyNew, nr.Name)
			continue
		}
		r.Compared++
		a, b := old.Evaluate(or, eo), new.Evaluate(nr, eo)
		if a.Decision == b.Decision {
			continue
		}
		c := Change{Request: nr.Name, Row: nr.Row, Col: nr.Col, Old: a.Decision.String(), New: b.Decision.String()}
		if opts.Traces {
			ra, rb := evaluate.Report(a), evaluate.Report(b)
			c.OldReport, c.NewReport = &ra, &rb
		}
		r.Changes = append(r.Changes, c)
	}
	for _, or := range old.Requests {
		if new.Request(or.Name) == nil {
			r.OnlyOld = append(r.OnlyOld, or.Name)
		}
	}
	if opts.Everyone {
		r.Everyone = everyone(old, new)
	}
	return r
}

type question struct{ action, resource string }

// everyone asks both worlds who can do each action on each resource the
// scenarios ask about, and lists the principals whose answer changed.
func everyone(old, new *world.Scenario) []PrincipalChange {
	seen := map[question]bool{}
	var qs []question
	for _, s := range []*world.Scenario{old, new} {
		for _, r := range s.Requests {
			q := question{r.Action, r.Resource}
			if !seen[q] {
				seen[q] = true
				qs = append(qs, q)
			}
		}
	}
	out := []PrincipalChange{}
	for _, q := range qs {
		a := whocan.Ask(old, q.action, q.resource, whocan.Options{})
		b := whocan.Ask(new, q.action, q.resource, whocan.Options{})
		before := map[string]string{}
		for _, ans := range a.All {
			before[ans.Principal] = ans.Decision
		}
		after := map[string]string{}
		for _, ans := range b.All {
			after[ans.Principal] = ans.Decision
		}
		for p, d := range after {
			if was, ok := before[p]; ok && was != d {
				out = append(out, PrincipalChange{p, q.action, q.resource, was, d})
			} else if !ok && d == engine.Allowed.String() {
				out = append(out, PrincipalChange{p, q.action, q.resource, "absent", d})
			}
		}
		for p, d := range before {
			if _, ok := after[p]; !ok && d == engine.Allowed.String() {
				out = append(out, PrincipalChange{p, q.action, q.resource, d, "absent"})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Principal != b.Principal {
			return a.Principal < b.Principal
		}
		if a.Action != b.Action {
			return a.Action < b.Action
		}
		return a.Resource < b.Resource
	})
	return out
}
