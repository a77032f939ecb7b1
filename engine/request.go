package engine

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/engine/policy"
)

// Request is what a principal asks AWS to do: the action on a resource,
// with the request context.
type Request struct {
	// Principal is an ARN (user, role, assumed-role session, federated user,
	// account root), a service principal such as "ec2.amazonaws.com", or
	// "anonymous".
	Principal string
	Action    string
	Resource  string
	// ResourceOwner is the account that owns the resource. When empty it is
	// the resource ARN's account, or else the principal's (S3 bucket ARNs
	// carry no account).
	ResourceOwner string
	Context       map[string]ContextValue
}

// ContextValue is the value of one context key. A key given as a JSON list
// is multivalued even when it holds one value.
type ContextValue struct {
	Values []string
	Multi  bool
	// Derived marks a value that a tool set on the request's behalf (a world
	// model deriving aws:PrincipalTag/… from the user's tags, say), with Note
	// saying how; the trace reports it as derived rather than given.
	Derived bool
	Note    string
}

// PrincipalKind classifies the requesting principal.
type PrincipalKind uint8

// Principal kinds.
const (
	KindUser PrincipalKind = iota
	KindRoleSession
	KindRoot
	KindFederatedUser
	KindService
	KindAnonymous
	KindRole        // a role ARN given directly: treated as a session of that role
	KindWebIdentity // a user of an OIDC provider, calling sts:AssumeRoleWithWebIdentity
	KindSAML        // a user of a SAML provider, calling sts:AssumeRoleWithSAML
)

var kindNames = [...]string{"IAM user", "role session", "account root user", "federated user", "AWS service", "anonymous caller", "role",
	"web identity (OIDC) user", "SAML user"}

// String names the kind in prose.
func (k PrincipalKind) String() string { return kindNames[k] }

// federated reports whether the caller is an outside identity provider's
// user, named in a trust policy by a "Federated" principal.
func (k PrincipalKind) federated() bool { return k == KindWebIdentity || k == KindSAML }

// hasIdentity reports whether the caller is an IAM principal of an account,
// with identity-based policies (or, for the root user, full access).
func (k PrincipalKind) hasIdentity() bool {
	return k != KindService && k != KindAnonymous && !k.federated()
}

// webIdentityProviders are the OIDC providers a trust policy names by name
// rather than by an oidc-provider ARN (IAM User Guide, "AWS JSON policy
// elements: Principal", federated web identity principals).
var webIdentityProviders = []string{"cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"}

// Principal is the parsed requesting principal.
type Principal struct {
	Kind    PrincipalKind
	ARN     string // as given, canonical for sessions
	Account string
	Name    string // user name, role name, service name
	Session string // session name for role sessions
	RoleARN string // the role behind a session: arn:aws:iam::ACCOUNT:role/NAME
	// ServiceLinked is true for sessions of service-linked roles, which SCPs
	// and RCPs do not restrict.
	ServiceLinked bool
}

// ParsePrincipal reads a principal string.
func ParsePrincipal(s string) (Principal, string) {
	switch {
	case s == "anonymous" || s == "*":
		return Principal{Kind: KindAnonymous, ARN: "anonymous"}, ""
	case slices.Contains(webIdentityProviders, s):
		return Principal{Kind: KindWebIdentity, ARN: s, Name: s}, ""
	case !strings.HasPrefix(s, "arn:"):
		if strings.HasSuffix(s, ".amazonaws.com") || strings.HasSuffix(s, ".amazonaws.com.cn") {
			return Principal{Kind: KindService, ARN: s, Name: s}, ""
		}
		if policy.IsAccountID(s) {
			return Principal{Kind: KindRoot, ARN: "arn:aws:iam::" + s + ":root", Account: s}, ""
		}
		return Principal{}, "principal " + strconv.Quote(s) + " must be an ARN, a service principal such as \"ec2.amazonaws.com\", a web identity provider such as \"cognito-identity.amazonaws.com\", or \"anonymous\""
	}
	parts := strings.SplitN(s, ":", 6)
	if len(parts) != 6 || !policy.IsAccountID(parts[4]) {
		return Principal{}, "principal " + strconv.Quote(s) + " is not an IAM or STS ARN with a 12-digit account"
	}
	p := Principal{ARN: s, Account: parts[4]}
	res := parts[5]
	switch {
	case parts[2] == "iam" && res == "root":
		p.Kind = KindRoot
	case parts[2] == "iam" && strings.HasPrefix(res, "user/"):
		p.Kind = KindUser
		p.Name = lastSegment(res)
	case parts[2] == "iam" && strings.HasPrefix(res, "role/"):
		p.Kind = KindRole
		p.Name = lastSegment(res)
		p.RoleARN = s
		p.ServiceLinked = strings.HasPrefix(res, "role/aws-service-role/")
	case parts[2] == "sts" && strings.HasPrefix(res, "assumed-role/"):
		rest := strings.SplitN(strings.TrimPrefix(res, "assumed-role/"), "/", 2)
		if len(rest) != 2 || rest[0] == "" || rest[1] == "" {
			return Principal{}, "session ARN " + strconv.Quote(s) + " must end in assumed-role/ROLE/SESSION"
		}
		p.Kind = KindRoleSession
		p.Name, p.Session = rest[0], rest[1]
		p.RoleARN = "arn:" + parts[1] + ":iam::" + p.Account + ":role/" + p.Name
		p.ServiceLinked = strings.HasPrefix(p.Name, "AWSServiceRoleFor")
	case parts[2] == "sts" && strings.HasPrefix(res, "federated-user/"):
		p.Kind = KindFederatedUser
		p.Name = strings.TrimPrefix(res, "federated-user/")
	case parts[2] == "iam" && strings.HasPrefix(res, "oidc-provider/") && len(res) > len("oidc-provider/"):
		p.Kind = KindWebIdentity
		p.Name = strings.TrimPrefix(res, "oidc-provider/")
	case parts[2] == "iam" && strings.HasPrefix(res, "saml-provider/") && len(res) > len("saml-provider/"):
		p.Kind = KindSAML
		p.Name = strings.TrimPrefix(res, "saml-provider/")
	default:
		return Principal{}, "principal " + strconv.Quote(s) + " names neither a user, a role, a session, a federated user, an identity provider (oidc-provider/…, saml-provider/…) nor an account root"
	}
	return p, ""
}

func lastSegment(s string) string {
	if i := strings.LastIndexByte(s, '/'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// KeyOrigin says where a context key's value came from.
type KeyOrigin uint8

// Key origins.
const (
	Given   KeyOrigin = iota // the request supplied it
	Derived                  // the engine set it, as AWS would, from the principal, resource or time
)

// String returns "given" or "derived".
func (o KeyOrigin) String() string {
	if o == Derived {
		return "derived"
	}
	return "given"
}

type ctxEntry struct {
	name   string // as written
	values []string
	multi  bool
	origin KeyOrigin
	note   string // how a derived value was found
}

// Prepared is a request checked and indexed for evaluation: context keys
// lower-cased, the principal parsed, and the keys AWS sets itself derived.
// Prepare once, evaluate against many policy sets.
type Prepared struct {
	Request
	Principal       Principal
	ActionLower     string
	ResourceAccount string
	keys            map[string]*ctxEntry
	required        *requirement // a trust or key policy that must allow, or nil
	// keyList is the context as the key report shows it: the given keys,
	// then the derived ones, each sorted by their lower-cased name; given
	// is how many are given.
	keyList []KeyValue
	given   int
}

// Lookup returns the values of a context key (any case).
func (r *Prepared) Lookup(key string) ([]string, bool) {
	if e, ok := r.keys[key]; ok {
		return e.values, true
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return r.lookupLower(strings.ToLower(key))
		}
	}
	return nil, false // already lower-case, and not there
}

// lookupLower is Lookup for a key known to be lower-case.
func (r *Prepared) lookupLower(key string) ([]string, bool) {
	if e, ok := r.keys[key]; ok {
		return e.values, true
	}
	return nil, false
}

// Prepare checks the request and derives the context keys AWS sets itself.
func Prepare(req Request) (*Prepared, error) {
	pr, msg := ParsePrincipal(req.Principal)
	if msg != "" {
		return nil, &RequestError{Field: "principal", Msg: msg}
	}
	if svc, act, ok := strings.Cut(req.Action, ":"); !ok || svc == "" || act == "" || strings.Contains(act, ":") || strings.ContainsAny(req.Action, "*? ") {
		return nil, &RequestError{Field: "action", Msg: "action " + strconv.Quote(req.Action) + " must be one concrete action such as \"s3:GetObject\" (no wildcards)"}
	}
	if req.Resource == "" {
		return nil, &RequestError{Field: "resource", Msg: "resource is empty: give the ARN of the resource the action is on (or \"*\")"}
	}
	if req.Resource != "*" && (!strings.HasPrefix(req.Resource, "arn:") || strings.Count(req.Resource, ":") < 5) {
		return nil, &RequestError{Field: "resource", Msg: "resource " + strconv.Quote(req.Resource) + " is not an ARN (arn:partition:service:region:account:resource)"}
	}
	p := &Prepared{Request: req, Principal: pr, ActionLower: strings.ToLower(req.Action), keys: map[string]*ctxEntry{}}
	p.required = requiredFor(p.ActionLower, req.Resource)
	p.ResourceAccount = req.ResourceOwner
	if p.ResourceAccount == "" {
		if parts := strings.SplitN(req.Resource, ":", 6); len(parts) == 6 && parts[4] != "" {
			p.ResourceAccount = parts[4]
		} else {
			p.ResourceAccount = pr.Account
		}
	} else if !policy.IsAccountID(p.ResourceAccount) {
		return nil, &RequestError{Field: "resourceOwner", Msg: "resourceOwner " + strconv.Quote(p.ResourceAccount) + " must be a 12-digit account id"}
	}
	// In a fixed order, so that a duplicate is always reported the same way.
	for _, k := range slices.Sorted(maps.Keys(req.Context)) {
		v := req.Context[k]
		lk := strings.ToLower(k)
		if e, dup := p.keys[lk]; dup {
			return nil, &RequestError{Field: "context", Key: k, Msg: "context keys " + strconv.Quote(e.name) + " and " + strconv.Quote(k) + " are the same key (keys ignore case)"}
		}
		origin := Given
		if v.Derived {
			origin = Derived
		}
		p.keys[lk] = &ctxEntry{name: k, values: v.Values, multi: v.Multi, origin: origin, note: v.Note}
	}
	if err := p.derive(); err != nil {
		return nil, err
	}
	p.listKeys()
	return p, nil
}

// listKeys makes keyList.
func (p *Prepared) listKeys() {
	order := slices.Sorted(maps.Keys(p.keys))
	p.keyList = make([]KeyValue, 0, len(order))
	for _, derived := range []bool{false, true} {
		for _, lk := range order {
			if e := p.keys[lk]; (e.origin == Derived) == derived {
				p.keyList = append(p.keyList, KeyValue{Key: e.name, Values: e.values, Note: e.note})
			}
		}
		if !derived {
			p.given = len(p.keyList)
		}
	}
}

func (p *Prepared) set(name, value, note string) {
	lk := strings.ToLower(name)
	if _, given := p.keys[lk]; given {
		return
	}
	p.keys[lk] = &ctxEntry{name: name, values: []string{value}, origin: Derived, note: note}
}

// derive sets the global condition keys that AWS always puts in the request
// context for this kind of principal (IAM User Guide, "AWS global condition
// context keys": aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType,
// aws:username, aws:userid, aws:PrincipalIsAWSService, aws:ResourceAccount,
// aws:CurrentTime/aws:EpochTime).
func (p *Prepared) derive() error {
	pr := p.Principal
	switch pr.Kind {
	case KindUser:
		p.set("aws:PrincipalArn", pr.ARN, "the user's ARN")
		p.set("aws:PrincipalType", "User", "the principal is an IAM user")
		p.set("aws:username", pr.Name, "the user's name")
	case KindRoleSession, KindRole:
		p.set("aws:PrincipalArn", pr.RoleARN, "for a role session AWS sets the role's ARN, not the session's")
		p.set("aws:PrincipalType", "AssumedRole", "the principal is a role session")
	case KindRoot:
		p.set("aws:PrincipalArn", pr.ARN, "the account's root ARN")
		p.set("aws:PrincipalType", "Account", "the principal is the account root user")
		p.set("aws:userid", pr.Account, "for the root user the user id is the account id")
	case KindFederatedUser:
		p.set("aws:PrincipalArn", pr.ARN, "the federated user's ARN")
		p.set("aws:PrincipalType", "FederatedUser", "the principal is a federated user session")
		// IAM User Guide, "IAM policy elements: Variables and tags",
		// principal table: for a federated user aws:userid is account:caller-specified-name.
		p.set("aws:userid", pr.Account+":"+pr.Name, "for a federated user, ACCOUNT:NAME")
	case KindService:
		p.set("aws:PrincipalIsAWSService", "true", "the principal is an AWS service principal")
		p.set("aws:PrincipalServiceName", pr.Name, "the service principal's name")
	case KindAnonymous:
		p.set("aws:PrincipalType", "Anonymous", "the request is not signed")
	}
	if pr.Account != "" && pr.Kind.hasIdentity() {
		p.set("aws:PrincipalAccount", pr.Account, "the principal's account")
	}
	if pr.Kind.hasIdentity() {
		p.set("aws:PrincipalIsAWSService", "false", "the principal is not an AWS service principal")
	}
	if p.ResourceAccount != "" {
		p.set("aws:ResourceAccount", p.ResourceAccount, "the account that owns the resource")
	}
	// The request carries its time; the two time keys follow from each other.
	if e, ok := p.keys["aws:currenttime"]; ok && len(e.values) == 1 {
		t, err := time.Parse(time.RFC3339, e.values[0])
		if err != nil {
			return &RequestError{Field: "context", Key: e.name, Msg: "aws:CurrentTime " + strconv.Quote(e.values[0]) + " is not an ISO 8601 time such as 2026-11-22T10:00:00Z"}
		}
		p.set("aws:EpochTime", strconv.FormatInt(t.Unix(), 10), "from aws:CurrentTime")
	} else if e, ok := p.keys["aws:epochtime"]; ok && len(e.values) == 1 {
		n, err := strconv.ParseInt(e.values[0], 10, 64)
		if err != nil {
			return &RequestError{Field: "context", Key: e.name, Msg: "aws:EpochTime " + strconv.Quote(e.values[0]) + " is not a number of seconds"}
		}
		p.set("aws:CurrentTime", time.Unix(n, 0).UTC().Format(time.RFC3339), "from aws:EpochTime")
	}
	return nil
}

// RequestError is a problem with the request itself.
type RequestError struct {
	Field string // principal, action, resource, resourceOwner, context
	Key   string // for context problems, the key as written
	Msg   string
}

func (e *RequestError) Error() string { return "request " + e.Field + ": " + e.Msg }
