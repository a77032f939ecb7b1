package main

import (
	"regexp"

	"github.com/iamplayground/iamplay/engine"
	"slices"
	"strings"
)

// Features describes a case by what is in it: the action's service and
// name, the principal's kind, same or cross account, the policy types
// present, the condition operators, keys and variables used, and how
// resource policies name principals. Adjudication rules and categories are
// predicates over these, never lists of cases.
func Features(c *Case) []string {
	set := map[string]bool{}
	add := func(s string) { set[s] = true }
	req := c.Request
	svc, _, _ := strings.Cut(req.Action, ":")
	add("service:" + strings.ToLower(svc))
	add("action:" + req.Action)
	kind := principalKind(req.Principal)
	add("principal:" + kind)
	pAcct := accountOf(req.Principal)
	resAcct := req.ResourceOwner
	if resAcct == "" {
		resAcct = accountOf(req.Resource)
	}
	if resAcct == "" {
		resAcct = pAcct
	}
	switch {
	case pAcct == "":
		add("account:none")
	case pAcct == resAcct:
		add("account:same")
	default:
		add("account:cross")
	}
	p := c.Policies
	docs := func(name string, ds ...*Doc) {
		for _, d := range ds {
			if d != nil {
				add("policy:" + name)
				docFeatures(d, add, req)
			}
		}
	}
	docs("identity", p.Identity...)
	docs("resource", p.Resource)
	docs("boundary", p.PermissionsBoundary)
	docs("session", p.Session)
	docs("vpcEndpoint", p.VPCEndpoint)
	for _, l := range p.SCP {
		add("policy:scp")
		docs("scp", l...)
	}
	for _, l := range p.RCP {
		add("policy:rcp")
		docs("rcp", l...)
	}
	for k := range req.Context {
		add("context:" + k)
	}
	for f := range set {
		if v, ok := strings.CutPrefix(f, "var:"); ok && unresolved(v, req) {
			add("var:unresolved")
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

var varRE = regexp.MustCompile(`\$\{[^}]*\}`)

func docFeatures(d *Doc, add func(string), req Request) {
	for _, s := range d.Statement {
		add("effect:" + s.Effect)
		if s.NotAction != nil {
			add("elem:NotAction")
		}
		if s.NotResource != nil {
			add("elem:NotResource")
		}
		if s.NotPrincipal != nil {
			add("elem:NotPrincipal")
		}
		for i, pe := range []any{s.Principal, s.NotPrincipal} {
			prefix := "principalElem:"
			if i == 1 {
				prefix = "notPrincipalElem:"
			}
			switch v := pe.(type) {
			case string:
				add(prefix + "*")
			case map[string][]string:
				for typ, vals := range v {
					for _, val := range vals {
						add(prefix + typ + ":" + principalElemKind(val))
					}
				}
			case map[string]any:
				for typ, vals := range v {
					for _, val := range toStrings(vals) {
						add(prefix + typ + ":" + principalElemKind(val))
					}
				}
			}
		}
		for i, r := range append(append([]string{}, s.Resource...), s.NotResource...) {
			for _, m := range varRE.FindAllString(r, -1) {
				add("var:" + m)
				if i >= len(s.Resource) && unresolved(m, req) {
					add("notResourceVar:unresolved")
				}
			}
		}
		for op, keys := range s.Condition {
			add("op:" + op)
			if strings.HasPrefix(op, "For") && strings.HasSuffix(op, "IfExists") {
				add("op:setIfExists")
			}
			for k, vals := range keys {
				add("key:" + k)
				for _, v := range vals {
					if negated(op) {
						for _, m := range varRE.FindAllString(v, -1) {
							if unresolved(m, req) {
								add("negatedOpVar:unresolved")
							}
						}
					}
					if strings.HasPrefix(op, "Date") && v != "" && strings.Trim(v, "0123456789") == "" {
						add("dateValue:epoch")
					}
					if base := op[strings.LastIndexByte(op, ':')+1:]; strings.HasPrefix(base, "Arn") {
						if parts := strings.SplitN(v, ":", 6); len(parts) == 6 && strings.Contains(strings.Join(parts[:5], ":"), "${") {
							add("arnValue:variableBeforeResource")
						}
					}
					for _, m := range varRE.FindAllString(v, -1) {
						add("var:" + m)
					}
				}
			}
		}
	}
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []string:
		return x
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func principalElemKind(v string) string {
	switch {
	case v == "*":
		return "*"
	case len(v) == 12 && strings.Trim(v, "0123456789") == "":
		return "account"
	case strings.HasSuffix(v, ":root"):
		return "root"
	case strings.Contains(v, ":role/"):
		return "role"
	case strings.Contains(v, ":assumed-role/"):
		return "session"
	case strings.Contains(v, ":federated-user/"):
		return "federatedUser"
	case strings.Contains(v, ":user/"):
		return "user"
	case strings.Contains(v, ":saml-provider/"):
		return "saml"
	case strings.Contains(v, ":oidc-provider/"):
		return "oidc"
	case strings.HasSuffix(v, ".amazonaws.com"):
		return "service"
	}
	return v
}

func principalKind(p string) string {
	switch {
	case p == "anonymous":
		return pkAnonymous
	case p == githubOIDC, strings.Contains(p, ":oidc-provider/"), p == "cognito-identity.amazonaws.com", p == "accounts.google.com":
		return pkWebIdentity
	case strings.Contains(p, ":saml-provider/"):
		return pkSAML
	case !strings.HasPrefix(p, "arn:"):
		return pkService
	case strings.Contains(p, ":assumed-role/AWSServiceRoleFor"), strings.Contains(p, ":role/aws-service-role/"):
		return pkLinked
	case strings.Contains(p, ":assumed-role/"):
		return pkSession
	case strings.Contains(p, ":role/"):
		return pkRole
	case strings.Contains(p, ":user/"):
		return pkUser
	case strings.Contains(p, ":federated-user/"):
		return pkFederated
	case strings.HasSuffix(p, ":root"):
		return pkRoot
	}
	return "other"
}

func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[0] == "arn" {
		return parts[4]
	}
	return ""
}

func hasFeature(fs []string, f string) bool {
	_, ok := slices.BinarySearch(fs, f)
	return ok
}

// Signature names a (minimised) disagreement's category: the two answers,
// then the features that remain once everything irrelevant is removed, less
// the ones that only say which case it was.
func Signature(c *Case, engineSays, simSays string) string {
	if strings.HasPrefix(engineSays, "error: ") || strings.HasPrefix(simSays, "error: ") {
		// A rejected input: which side, why, and the action and principal.
		sig := "rejected"
		if strings.HasPrefix(engineSays, "error: ") {
			sig += " by the engine " + shortAnswer(engineSays)
		}
		if strings.HasPrefix(simSays, "error: ") {
			sig += " by the simulator " + shortAnswer(simSays)
		}
		return sig + " | action:" + c.Request.Action + " principal:" + principalKind(c.Request.Principal)
	}
	var keep []string
	for _, f := range Features(c) {
		if strings.HasPrefix(f, "action:") || strings.HasPrefix(f, "context:") || strings.HasPrefix(f, "effect:") {
			continue
		}
		keep = append(keep, f)
	}
	return "engine " + shortAnswer(engineSays) + " / simulator " + shortAnswer(simSays) + " | " + strings.Join(keep, " ")
}

func shortAnswer(s string) string {
	if strings.HasPrefix(s, "error: ") {
		// The error's code or first words, not its details.
		s = strings.TrimPrefix(s, "error: ")
		if i := strings.IndexAny(s, ":,{"); i > 0 && i < 60 {
			s = s[:i]
		}
		if len(s) > 60 {
			s = s[:60]
		}
		return "error(" + s + ")"
	}
	return s
}

// unresolved reports whether a policy variable such as ${aws:username} has
// no value in the request: its key is neither given nor one the engine
// derives for this principal, and it has no default. The special
// characters ${*}, ${?} and ${$} always resolve.
func unresolved(v string, req Request) bool {
	key := strings.TrimSuffix(strings.TrimPrefix(v, "${"), "}")
	if strings.Contains(key, ",") || key == "*" || key == "?" || key == "$" {
		return false
	}
	for k := range req.Context {
		if strings.EqualFold(k, key) {
			return false
		}
	}
	p, err := engine.Prepare(engine.Request{Principal: req.Principal, Action: req.Action, Resource: req.Resource, ResourceOwner: req.ResourceOwner})
	if err != nil {
		return false
	}
	_, ok := p.Lookup(key)
	return !ok
}

// negated reports whether a condition operator is an inverted string or
// ARN operator (StringNot…, ArnNot…, with or without a set qualifier or
// IfExists).
func negated(op string) bool {
	base := op[strings.LastIndexByte(op, ':')+1:]
	return strings.HasPrefix(base, "StringNot") || strings.HasPrefix(base, "ArnNot")
}
