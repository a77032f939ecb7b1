package world

import (
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
)

// Web identity (OIDC) and SAML federation: a user of an outside identity
// provider gets a role session by calling sts:AssumeRoleWithWebIdentity with
// a token, or sts:AssumeRoleWithSAML with an assertion. The role's trust
// policy names the provider as a "Federated" principal and checks the
// token's claims through the provider's condition keys, such as
// token.actions.githubusercontent.com:sub and :aud, or SAML:aud (IAM User
// Guide, "OIDC federation", "SAML 2.0 federation", and "Available keys for
// AWS web identity federation" / "for SAML-based federation").

// federated reads a webIdentity or saml principal: the provider and the
// claims. kind is "webIdentity" or "saml".
func (r *reader) federated(v *jsonpos.Value, kind, name, where string, p *Principal) bool {
	pr, msg := engine.ParsePrincipal(name)
	want := engine.KindWebIdentity
	example := "an oidc-provider ARN such as arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com, or cognito-identity.amazonaws.com"
	p.Kind = PrincipalWebIdentity
	if kind == "saml" {
		want, p.Kind = engine.KindSAML, PrincipalSAML
		example = "a saml-provider ARN such as arn:aws:iam::111111111111:saml-provider/Okta"
	}
	if msg != "" || pr.Kind != want {
		r.bad(v.Get(kind), "world.badPrincipal", where+": "+kind+" must be "+example)
		return false
	}
	p.Provider = name
	p.Claims = map[string]string{}
	if cv := v.Get("claims"); cv != nil && r.object(cv, "claims") {
		for _, m := range cv.Members {
			p.Claims[m.Key] = r.str(m.Value, "claim "+m.Key)
		}
	}
	return true
}

// claimKeys turns a token's claims into the provider's condition keys:
// HOST:claim for an OIDC provider (token.actions.githubusercontent.com:sub,
// cognito-identity.amazonaws.com:aud), SAML:attribute for SAML.
func claimKeys(p *Principal) map[string]string {
	prefix := "SAML:"
	if p.Kind == PrincipalWebIdentity {
		host := p.Provider
		if i := strings.Index(host, ":oidc-provider/"); i >= 0 {
			host = host[i+len(":oidc-provider/"):]
		}
		prefix = host + ":"
	}
	keys := make(map[string]string, len(p.Claims))
	for k, v := range p.Claims {
		keys[prefix+k] = v
	}
	return keys
}

// federatedAction is the STS call a federated principal makes.
func federatedAction(p *Principal) string {
	if p.Kind == PrincipalSAML {
		return "sts:AssumeRoleWithSAML"
	}
	return "sts:AssumeRoleWithWebIdentity"
}

// federatedSession is the caller before its first assume step: the provider,
// with the claims it vouches for.
func federatedSession(p *Principal) *session {
	label := "a web identity user of " + p.Provider
	if p.Kind == PrincipalSAML {
		label = "a SAML user of " + p.Provider
	}
	claims := claimKeys(p)
	names := make([]string, 0, len(claims))
	for k := range claims {
		names = append(names, k)
	}
	sort.Strings(names)
	if len(names) > 0 {
		label += " (" + strings.Join(names, ", ") + ")"
	}
	return &session{kind: sessFederated, arn: p.Provider, label: label, name: "web-identity", keys: claims, action: federatedAction(p)}
}
