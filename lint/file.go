package lint

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// File checks an evaluation input (the format `iamplay eval` reads) or a
// scenario file (one with a "world"), whichever src is. Problems that stop
// the file from being read are findings too, with the reader's codes.
func File(name string, src []byte, cat *catalog.Catalog) []Finding {
	if cat == nil {
		cat = catalog.Load()
	}
	var out []Finding
	if isScenario(src) {
		s, errs := world.Parse(name, src)
		out = fromParser(errs)
		if s != nil && !errs.HasErrors() {
			out = append(out, Scenario(s, src, cat)...)
		}
	} else {
		in, errs := engine.ParseInput(name, src)
		out = fromParser(errs)
		if in != nil && !errs.HasErrors() {
			out = append(out, Input(in, cat)...)
		}
	}
	Sort(out)
	return out
}

// isScenario reports whether the document is a JSON object with a "world"
// member (an input has "policies" and "request").
func isScenario(src []byte) bool {
	dec := json.NewDecoder(bytes.NewReader(src))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		if k == "world" {
			return true
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}

// Input checks every policy of an evaluation input. A trust policy (the
// resource policy of an sts:AssumeRole request) is checked as owned by the
// role's account.
func Input(in *engine.Input, cat *catalog.Catalog) []Finding {
	if cat == nil {
		cat = catalog.Load()
	}
	ctx := Context{Catalog: cat}
	var out []Finding
	each := func(ps ...*policy.Policy) {
		for _, p := range ps {
			c := ctx
			if p != nil && p.Type == policy.Trust {
				c.Account = in.Request.ResourceOwner
				if parts := strings.SplitN(in.Request.Resource, ":", 6); c.Account == "" && len(parts) == 6 {
					c.Account = parts[4]
				}
			}
			out = append(out, Policy(p, c)...)
		}
	}
	ps := &in.Policies
	each(ps.Identity...)
	each(ps.Resource, ps.Boundary, ps.Session, ps.Endpoint)
	for _, level := range append(append([][]*policy.Policy{}, ps.SCP...), ps.RCP...) {
		each(level...)
	}
	Sort(out)
	return out
}
