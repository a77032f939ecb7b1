package main

import "strings"

// Minimise shrinks a disagreeing case greedily: it drops policies, levels,
// statements, condition operators, keys and values, action and resource
// entries, and context keys, one at a time, keeping each change under which
// the two evaluators still give the same two different answers, until no
// change keeps them.
func Minimise(c *Case, sim oracle) (*Case, error) {
	engineSays := EvalEngine(c)
	a, err := sim.Eval(c)
	if err != nil {
		return nil, err
	}
	simSays := a.Result()
	still := func(x *Case) (bool, error) {
		if EvalEngine(x) != engineSays {
			return false, nil
		}
		a, err := sim.Eval(x)
		if err != nil {
			return false, err
		}
		return a.Result() == simSays, nil
	}
	cur := c.Clone()
	for changed := true; changed; {
		changed = false
		for _, next := range shrinks(cur) {
			ok, err := still(next)
			if err != nil {
				return nil, err
			}
			if ok {
				cur, changed = next, true
				break
			}
		}
	}
	return cur, nil
}

// oracle is the other evaluator, as the minimiser sees it.
type oracle interface {
	Eval(c *Case) (SimAnswer, error)
}

// shrinks lists every case one step smaller than c.
func shrinks(c *Case) []*Case {
	var out []*Case
	try := func(f func(x *Case)) {
		x := c.Clone()
		f(x)
		out = append(out, x)
	}
	p := &c.Policies
	if p.Resource != nil && !resourcePolicyRequired(c) {
		try(func(x *Case) { x.Policies.Resource = nil })
	}
	if p.PermissionsBoundary != nil {
		try(func(x *Case) { x.Policies.PermissionsBoundary = nil })
	}
	if p.Session != nil {
		try(func(x *Case) { x.Policies.Session = nil })
	}
	if p.VPCEndpoint != nil {
		try(func(x *Case) { x.Policies.VPCEndpoint = nil })
	}
	for i := range p.Identity {
		try(func(x *Case) { x.Policies.Identity = remove(x.Policies.Identity, i) })
	}
	levelShrinks(p.SCP, try, func(x *Case) *[][]*Doc { return &x.Policies.SCP })
	levelShrinks(p.RCP, try, func(x *Case) *[][]*Doc { return &x.Policies.RCP })
	// Statements and their parts, in every document.
	for di, d := range allDocs(c) {
		for si, s := range d.Statement {
			if len(d.Statement) > 1 {
				try(func(x *Case) { doc := allDocs(x)[di]; doc.Statement = remove(doc.Statement, si) })
			}
			stmt := func(x *Case) *Stmt { return allDocs(x)[di].Statement[si] }
			if s.Sid != "" {
				try(func(x *Case) { stmt(x).Sid = "" })
			}
			for op, keys := range s.Condition {
				try(func(x *Case) {
					st := stmt(x)
					delete(st.Condition, op)
					if len(st.Condition) == 0 {
						st.Condition = nil
					}
				})
				for k, vals := range keys {
					if len(keys) > 1 {
						try(func(x *Case) { delete(stmt(x).Condition[op], k) })
					}
					for vi := range vals {
						if len(vals) > 1 {
							try(func(x *Case) { st := stmt(x); st.Condition[op][k] = remove(st.Condition[op][k], vi) })
						}
					}
				}
			}
			listShrinks(s.Action, try, func(x *Case) *[]string { return &stmt(x).Action })
			listShrinks(s.NotAction, try, func(x *Case) *[]string { return &stmt(x).NotAction })
			listShrinks(s.Resource, try, func(x *Case) *[]string { return &stmt(x).Resource })
			listShrinks(s.NotResource, try, func(x *Case) *[]string { return &stmt(x).NotResource })
		}
	}
	for k := range c.Request.Context {
		if k == "aws:EpochTime" {
			continue // goes with aws:CurrentTime: AWS always sends both
		}
		try(func(x *Case) {
			delete(x.Request.Context, k)
			if k == "aws:CurrentTime" {
				delete(x.Request.Context, "aws:EpochTime")
			}
			if len(x.Request.Context) == 0 {
				x.Request.Context = nil
			}
		})
	}
	return out
}

func levelShrinks(levels [][]*Doc, try func(func(*Case)), at func(*Case) *[][]*Doc) {
	for li, l := range levels {
		try(func(x *Case) {
			lv := at(x)
			*lv = remove(*lv, li)
			if len(*lv) == 0 {
				*lv = nil
			}
		})
		for pi := range l {
			try(func(x *Case) { lv := at(x); (*lv)[li] = remove((*lv)[li], pi) })
		}
	}
}

func listShrinks(list []string, try func(func(*Case)), at func(*Case) *[]string) {
	if len(list) < 2 {
		return
	}
	for i := range list {
		try(func(x *Case) { l := at(x); *l = remove(*l, i) })
	}
}

// allDocs lists every policy document of the case in a fixed order.
func allDocs(c *Case) []*Doc {
	p := c.Policies
	var out []*Doc
	out = append(out, p.Identity...)
	for _, d := range []*Doc{p.Resource, p.PermissionsBoundary, p.Session, p.VPCEndpoint} {
		if d != nil {
			out = append(out, d)
		}
	}
	for _, l := range p.SCP {
		out = append(out, l...)
	}
	for _, l := range p.RCP {
		out = append(out, l...)
	}
	return out
}

func remove[T any](s []T, i int) []T {
	out := make([]T, 0, len(s)-1)
	out = append(out, s[:i]...)
	return append(out, s[i+1:]...)
}

// resourcePolicyRequired reports whether AWS always has a resource-based
// policy for the request's resource: a role always has a trust policy and
// a KMS key always has a key policy, so the minimiser keeps them.
func resourcePolicyRequired(c *Case) bool {
	r := c.Request
	return strings.HasPrefix(strings.ToLower(r.Action), "sts:") && strings.Contains(r.Resource, ":role/") ||
		strings.HasPrefix(strings.ToLower(r.Action), "kms:") && strings.Contains(r.Resource, ":key/")
}
