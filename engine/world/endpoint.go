package world

import (
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Endpoint is a VPC endpoint: requests made through it must also be allowed
// by its policy (AWS PrivateLink Guide, "Control access to VPC endpoints
// using endpoint policies"). Without a policy of its own it has AWS's
// default, which allows everything.
type Endpoint struct {
	ID      string // vpce-…
	VPC     string // vpc-…
	Account *Account
	Policy  *policy.Policy
}

// defaultEndpointPolicy is the policy AWS gives an endpoint that is created
// without one: full access.
const defaultEndpointPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`

// endpoints reads an account's "vpcEndpoints".
func (r *reader) endpoints(v *jsonpos.Value, a *Account) {
	for _, ev := range r.list(v, "vpcEndpoints") {
		if !r.object(ev, "a VPC endpoint") {
			continue
		}
		r.fields(ev, "a VPC endpoint", "id", "vpc", "policy")
		ep := &Endpoint{ID: r.reqStr(ev, "id", "a VPC endpoint"), VPC: r.reqStr(ev, "vpc", "a VPC endpoint"), Account: a}
		switch {
		case ep.ID == "" || ep.VPC == "":
			continue
		case !strings.HasPrefix(ep.ID, "vpce-"):
			r.bad(ev.Get("id"), "world.badValue", "VPC endpoint id "+q(ep.ID)+" must start with \"vpce-\"")
			continue
		case !strings.HasPrefix(ep.VPC, "vpc-"):
			r.bad(ev.Get("vpc"), "world.badValue", "VPC id "+q(ep.VPC)+" must start with \"vpc-\"")
			continue
		case r.w.endpoint(ep.ID) != nil:
			r.bad(ev.Get("id"), "world.duplicate", "VPC endpoint "+ep.ID+" is declared twice")
			continue
		}
		if pv := ev.Get("policy"); pv != nil && pv.Kind != jsonpos.Null {
			ep.Policy = r.doc(pv, policy.Endpoint, "VPC endpoint policy of "+ep.ID)
			if ep.Policy != nil {
				r.sizeQuota(pv, "the policy of "+ep.ID, ep.Policy.Size(), maxEndpointSize)
			}
		} else {
			ep.Policy, _ = policy.Parse("default endpoint policy", []byte(defaultEndpointPolicy), policy.Endpoint)
			if ep.Policy != nil {
				ep.Policy.Name = "default policy of " + ep.ID + " (full access)"
			}
		}
		a.Endpoints = append(a.Endpoints, ep)
	}
}

// endpoint returns the VPC endpoint with this id, or nil.
func (w *World) endpoint(id string) *Endpoint {
	for _, a := range w.Accounts {
		for _, ep := range a.Endpoints {
			if ep.ID == id {
				return ep
			}
		}
	}
	return nil
}

// via reads a request's "via": the VPC endpoint it is made through.
func (r *reader) via(v *jsonpos.Value, where string) (*Endpoint, bool) {
	if v == nil || v.Kind == jsonpos.Null {
		return nil, true
	}
	id := r.str(v, "via")
	ep := r.w.endpoint(id)
	if ep == nil {
		r.bad(v, "world.unknownEndpoint", where+": VPC endpoint "+q(id)+" is not declared in any account's \"vpcEndpoints\"")
		return nil, false
	}
	return ep, true
}

// throughEndpoint sets the keys of a request made through the endpoint: it
// carries aws:SourceVpce, aws:SourceVpc and aws:VpcSourceIp, and no
// aws:SourceIp (IAM User Guide, "AWS global condition context keys").
func throughEndpoint(ctx map[string]engine.ContextValue, ep *Endpoint) {
	set := func(k, v, note string) {
		if _, given := ctx[k]; !given {
			ctx[k] = engine.ContextValue{Values: []string{v}, Derived: true, Note: note}
		}
	}
	set("aws:SourceVpce", ep.ID, "the request goes through VPC endpoint "+ep.ID)
	set("aws:SourceVpc", ep.VPC, "the VPC of endpoint "+ep.ID)
	set("aws:VpcSourceIp", "10.0.1.25", "a private address in "+ep.VPC+" (a request through an endpoint has no aws:SourceIp)")
	delete(ctx, "aws:SourceIp")
}
