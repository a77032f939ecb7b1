package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// World is an evaluation input in the playground's canonical form: every
// policy is a named DOC whose document is JSON text, so that the page shows
// and the share link carries exactly what the engine evaluates.
type World struct {
	Name        string       `json:"name,omitempty"`
	Description string       `json:"description,omitempty"`
	Policies    PolicySet    `json:"policies"`
	Request     WorldRequest `json:"request"`
	Expect      string       `json:"expect,omitempty"`
}

// PolicySet is the policies of a World, by type, in the engine's input
// layout. SCP and RCP hold one list per organization level, root first; a
// nil pointer means the account is not in an organization.
type PolicySet struct {
	Identity            []NamedDoc    `json:"identity,omitempty"`
	Resource            *NamedDoc     `json:"resource,omitempty"`
	PermissionsBoundary *NamedDoc     `json:"permissionsBoundary,omitempty"`
	SCP                 *[][]NamedDoc `json:"scp,omitempty"`
	RCP                 *[][]NamedDoc `json:"rcp,omitempty"`
	Session             *NamedDoc     `json:"session,omitempty"`
	VPCEndpoint         *NamedDoc     `json:"vpcEndpoint,omitempty"`
}

// NamedDoc is one policy: a name for people and its JSON text.
type NamedDoc struct {
	Name     string `json:"name"`
	Document string `json:"document"`
}

// WorldRequest is the request of a World. Context values stay as the JSON
// the author wrote (a string, number, boolean or list of them).
type WorldRequest struct {
	Principal     string                     `json:"principal"`
	Action        string                     `json:"action"`
	Resource      string                     `json:"resource"`
	ResourceOwner string                     `json:"resourceOwner,omitempty"`
	Context       map[string]json.RawMessage `json:"context,omitempty"`
}

// Labeled is a policy of a World with the part it plays, for display.
type Labeled struct {
	Role string // "Identity-based policy", "SCP, level 2", …
	Doc  NamedDoc
}

// Docs lists the world's policies in the order AWS's flow chart meets them
// last to first: identity, boundary, session, resource, SCPs, RCPs.
func (w *World) Docs() []Labeled {
	var out []Labeled
	p := &w.Policies
	for _, d := range p.Identity {
		out = append(out, Labeled{"Identity-based policy", d})
	}
	if p.PermissionsBoundary != nil {
		out = append(out, Labeled{"Permissions boundary", *p.PermissionsBoundary})
	}
	if p.Session != nil {
		out = append(out, Labeled{"Session policy", *p.Session})
	}
	if p.VPCEndpoint != nil {
		out = append(out, Labeled{"VPC endpoint policy", *p.VPCEndpoint})
	}
	if p.Resource != nil {
		role := "Resource-based policy"
		if engine.TrustGoverned(w.Request.Action, w.Request.Resource) {
			role = "Role trust policy"
		}
		out = append(out, Labeled{role, *p.Resource})
	}
	for _, l := range []struct {
		kind   string
		levels *[][]NamedDoc
	}{{"SCP", p.SCP}, {"RCP", p.RCP}} {
		if l.levels == nil {
			continue
		}
		for i, lvl := range *l.levels {
			for _, d := range lvl {
				out = append(out, Labeled{l.kind + ", organization level " + strconv.Itoa(i+1), d})
			}
		}
	}
	return out
}

// rawWorld is how a World may be written: every DOC a policy object, a
// string holding one, or (in lists and single slots) {"name", "document"}.
type rawWorld struct {
	Name        string `json:"name"`
	Description string `json:"description"`
	Policies    struct {
		Identity            []json.RawMessage    `json:"identity"`
		Resource            json.RawMessage      `json:"resource"`
		PermissionsBoundary json.RawMessage      `json:"permissionsBoundary"`
		SCP                 *[][]json.RawMessage `json:"scp"`
		RCP                 *[][]json.RawMessage `json:"rcp"`
		Session             json.RawMessage      `json:"session"`
		VPCEndpoint         json.RawMessage      `json:"vpcEndpoint"`
	} `json:"policies"`
	Request struct {
		Principal     string                     `json:"principal"`
		Action        string                     `json:"action"`
		Resource      string                     `json:"resource"`
		ResourceOwner string                     `json:"resourceOwner"`
		Context       map[string]json.RawMessage `json:"context"`
	} `json:"request"`
	Expect string `json:"expect"`
}

// canonicalWorld turns an input the engine has already accepted into its
// canonical form. Policies without a name are named as the engine names
// them ("identity policy 1", "permissions boundary", …).
func canonicalWorld(src []byte) (*World, error) {
	var r rawWorld
	if err := json.Unmarshal(src, &r); err != nil {
		return nil, err
	}
	w := &World{Name: r.Name, Description: r.Description, Expect: r.Expect}
	w.Request = WorldRequest{
		Principal: r.Request.Principal, Action: r.Request.Action, Resource: r.Request.Resource,
		ResourceOwner: r.Request.ResourceOwner,
	}
	if len(r.Request.Context) > 0 {
		w.Request.Context = make(map[string]json.RawMessage, len(r.Request.Context))
		for k, v := range r.Request.Context {
			var b bytes.Buffer
			if err := json.Compact(&b, v); err != nil {
				return nil, err
			}
			w.Request.Context[k] = b.Bytes()
		}
	}
	var err error
	doc := func(raw json.RawMessage, name string) *NamedDoc {
		if err != nil || len(raw) == 0 || string(raw) == "null" {
			return nil
		}
		d, e := namedDoc(raw, name)
		if e != nil {
			err = e
			return nil
		}
		return &d
	}
	for i, raw := range r.Policies.Identity {
		if d := doc(raw, "identity policy "+strconv.Itoa(i+1)); d != nil {
			w.Policies.Identity = append(w.Policies.Identity, *d)
		}
	}
	resName := "resource-based policy"
	if engine.TrustGoverned(w.Request.Action, w.Request.Resource) {
		resName = "role trust policy"
	}
	w.Policies.Resource = doc(r.Policies.Resource, resName)
	w.Policies.PermissionsBoundary = doc(r.Policies.PermissionsBoundary, "permissions boundary")
	w.Policies.Session = doc(r.Policies.Session, "session policy")
	w.Policies.VPCEndpoint = doc(r.Policies.VPCEndpoint, "VPC endpoint policy")
	levels := func(in *[][]json.RawMessage, kind string) *[][]NamedDoc {
		if in == nil {
			return nil
		}
		out := make([][]NamedDoc, 0, len(*in))
		for li, lvl := range *in {
			list := make([]NamedDoc, 0, len(lvl))
			for pi, raw := range lvl {
				if d := doc(raw, kind+" level "+strconv.Itoa(li+1)+" policy "+strconv.Itoa(pi+1)); d != nil {
					list = append(list, *d)
				}
			}
			out = append(out, list)
		}
		return &out
	}
	w.Policies.SCP = levels(r.Policies.SCP, "SCP")
	w.Policies.RCP = levels(r.Policies.RCP, "RCP")
	return w, err
}

// namedDoc reads one DOC. A document given as an object is re-indented with
// two spaces; one given as a string is kept exactly as written.
func namedDoc(raw json.RawMessage, name string) (NamedDoc, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return NamedDoc{Name: name, Document: s}, err
	case len(raw) > 0 && raw[0] == '{':
		var probe struct {
			Name     *string         `json:"name"`
			Document json.RawMessage `json:"document"`
		}
		if err := json.Unmarshal(raw, &probe); err != nil {
			return NamedDoc{}, err
		}
		if probe.Document != nil {
			if probe.Name != nil && *probe.Name != "" {
				name = *probe.Name
			}
			return namedDoc(probe.Document, name)
		}
		var b bytes.Buffer
		if err := json.Indent(&b, raw, "", "  "); err != nil {
			return NamedDoc{}, err
		}
		return NamedDoc{Name: name, Document: b.String()}, nil
	}
	return NamedDoc{}, errors.New("a policy must be an object or a string holding one")
}

// encodeJSON marshals v without HTML escaping and without a final newline,
// so that share links stay short and readable when decoded.
func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// Verdict is what the engine decided for a World.
type Verdict struct {
	Decision string // "allowed", "explicitDeny" or "implicitDeny"
	Reason   string // one sentence
	// Refused is set when AWS (or the world: a session duration over the
	// role's maximum) refuses the call before any policy is read: the call
	// fails with a validation error, not an access denied from the
	// policies.
	Refused bool
	// NotSent is set when the call is never sent (the SDK found no
	// credentials).
	NotSent bool
}

// Label is how a page names the verdict: "Refused by AWS", "Never sent",
// or the decision.
func (v Verdict) Label() string {
	switch {
	case v.NotSent:
		return "Never sent (no credentials)"
	case v.Refused:
		return "Refused by AWS"
	}
	return decisionLabel(v.Decision)
}

// Class is the verdict's CSS class: "refused", "notSent" or the decision.
func (v Verdict) Class() string {
	switch {
	case v.NotSent:
		return "notSent"
	case v.Refused:
		return "refused"
	}
	return v.Decision
}

// evaluate runs the engine on the canonical world. Problems in the world
// itself come back as an error; a decision that differs from Expect does
// not (the caller compares, since only it knows where Expect was written).
func evaluate(w *World) (Verdict, error) {
	src, err := encodeJSON(w)
	if err != nil {
		return Verdict{}, err
	}
	in, errs := engine.ParseInput("", src)
	if errs.HasErrors() || in == nil {
		return Verdict{}, errs.Err()
	}
	req, err := in.Prepare()
	if err != nil {
		return Verdict{}, err
	}
	res := engine.Evaluate(&in.Policies, req, engine.Options{})
	return Verdict{Decision: res.Decision.String(), Reason: res.Reason(), Refused: res.Refusal != ""}, nil
}

// shareLink builds the playground link that opens exactly this world:
// "/play/" and the fragment package share makes, the same format the
// playground's Share button writes. Compression is fixed, so the same world
// always gives the same link.
func shareLink(scenario, request string, w *World) (string, error) {
	in, err := encodeJSON(w)
	if err != nil {
		return "", err
	}
	frag, err := share.Fragment(share.State{Engine: engine.Version, Scenario: scenario, Request: request, Input: in})
	if err != nil {
		return "", err
	}
	return "/play/" + frag, nil
}

// decodeShareLink reverses shareLink; tests use it to check round trips.
func decodeShareLink(link string) (share.State, error) {
	frag, ok := strings.CutPrefix(link, "/play/")
	if !ok {
		return share.State{}, fmt.Errorf("link %q does not start with /play/", link)
	}
	return share.Parse(frag)
}
