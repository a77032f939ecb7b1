package interop

import (
	"errors"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/internal/evaluate"
	"github.com/iamplayground/iamplay/internal/policytext"
	"github.com/iamplayground/iamplay/internal/whocan"
)

// principalsOf: {"world": TEXT} → the ARNs a request can be asked of.
func principalsOf(arg []byte) (any, error) {
	var a struct{ World string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	s, errs := world.Parse("world", []byte(a.World))
	if errs.HasErrors() {
		return nil, errs
	}
	return whocan.Principals(s.World, whocan.Options{Roots: true}), nil
}

// ask: {"world": TEXT, "principal", "action", "resource"} → the request
// evaluated step by step, and the flat input of its deciding step to open
// in the playground.
func ask(arg []byte) (any, error) {
	var a struct{ World, Principal, Action, Resource string }
	if err := decode(arg, &a); err != nil {
		return nil, err
	}
	s, errs := world.Parse("world", []byte(a.World))
	if errs.HasErrors() {
		return nil, errs
	}
	o, ok := whocan.One(s, a.Principal, a.Action, a.Resource, whocan.Options{})
	if !ok {
		return nil, errors.New("no principal " + a.Principal + " in the world")
	}
	st := o.Steps[o.Decider]
	res := struct {
		Report evaluate.ScenarioReport `json:"report"`
		Input  map[string]any          `json:"input,omitempty"`
	}{Report: evaluate.Report(o)}
	if st.Policies != nil {
		res.Input = FlatInput(st.Policies, st.Request)
	}
	return res, nil
}

// FlatInput writes policies and a request as the playground's flat input
// (engine.ParseInput's format, each policy {"name", "document": TEXT}).
func FlatInput(p *engine.Policies, req engine.Request) map[string]any {
	named := func(pol *policy.Policy) map[string]any {
		return map[string]any{"name": pol.Name, "document": policytext.Of(pol)}
	}
	pols := map[string]any{}
	if len(p.Identity) > 0 {
		var l []any
		for _, pol := range p.Identity {
			l = append(l, named(pol))
		}
		pols["identity"] = l
	}
	for key, pol := range map[string]*policy.Policy{"resource": p.Resource, "permissionsBoundary": p.Boundary, "session": p.Session, "vpcEndpoint": p.Endpoint} {
		if pol != nil {
			pols[key] = named(pol)
		}
	}
	for key, levels := range map[string][][]*policy.Policy{"scp": p.SCP, "rcp": p.RCP} {
		if levels == nil {
			continue
		}
		ls := []any{}
		for _, lvl := range levels {
			l := []any{}
			for _, pol := range lvl {
				l = append(l, named(pol))
			}
			ls = append(ls, l)
		}
		pols[key] = ls
	}
	r := map[string]any{"principal": req.Principal, "action": req.Action, "resource": req.Resource}
	if req.ResourceOwner != "" {
		r["resourceOwner"] = req.ResourceOwner
	}
	if len(req.Context) > 0 {
		ctx := map[string]any{}
		for k, v := range req.Context {
			if v.Multi || len(v.Values) != 1 {
				ctx[k] = v.Values
			} else {
				ctx[k] = v.Values[0]
			}
		}
		r["context"] = ctx
	}
	return map[string]any{"policies": pols, "request": r}
}
