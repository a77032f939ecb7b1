package world

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// StepKind says what a step of an outcome does.
type StepKind uint8

// Step kinds, in the order they happen.
const (
	StepSignIn  StepKind = iota // signing in through IAM Identity Center
	StepAssume                  // an sts:AssumeRole call
	StepRequest                 // the request itself
	// StepCredentials is the SDK looking for credentials and finding none
	// (an instance without an instance profile): the request is never
	// sent, so no policy is evaluated.
	StepCredentials
)

var stepKindNames = [...]string{"signIn", "assume", "request", "credentials"}

// String is the kind's stable identifier.
func (k StepKind) String() string { return stepKindNames[k] }

// Step is one call of an outcome, evaluated on its own.
type Step struct {
	Kind  StepKind
	Label string
	// Request and Policies are what the engine evaluated; Policies is nil
	// for a step the engine did not evaluate (an Identity Center sign-in, a
	// request the SDK never sent).
	Request  engine.Request
	Policies *engine.Policies
	Result   *engine.Result
	// Decision is the step's outcome. It differs from Result.Decision only
	// when the world refused a call the policies allow (Note says why: a
	// session duration over the role's limit, the root user calling
	// AssumeRole …).
	Decision engine.Decision
	Note     string
}

// Refused reports whether the call was refused whatever the policies say:
// by AWS itself (the engine's Result.Refusal) or by the world (a session
// duration over the role's limit …).
func (s *Step) Refused() bool {
	return s.Result != nil && (s.Result.Decision != s.Decision || s.Result.Refusal != "")
}

// NotSent reports whether the step is a request the SDK never sent because
// it found no credentials: no AWS decision exists for it.
func (s *Step) NotSent() bool { return s.Kind == StepCredentials }

// Outcome is a request evaluated against the world: the steps it took and
// the decision.
type Outcome struct {
	Request *Request
	Steps   []*Step
	// Decision is the decision of the first step that was not allowed, or
	// of the request itself.
	Decision engine.Decision
	// Decider is the index of the step Decision comes from.
	Decider int
}

// Passed reports whether the decision is the one the request expects.
func (o *Outcome) Passed() bool { return o.Decision == o.Request.Expect }

type mfaState uint8

const (
	mfaAbsent mfaState = iota
	mfaFalse
	mfaTrue
)

type sessKind uint8

const (
	sessUser sessKind = iota
	sessRoot
	sessRole
	sessService
	sessAnonymous
	sessFederated // an outside identity provider's user, before its first assume step
)

// session is the identity a call is made with.
type session struct {
	kind    sessKind
	arn     string
	label   string
	account *Account
	user    *User
	role    *Role
	name    string // user name or session name
	temp    bool   // temporary credentials
	mfa     mfaState
	mfaAge  int
	policy  *policy.Policy // session policy
	chained bool           // a role session created by a role session
	keys    map[string]string
	tags    []Tag  // session tags, which override the role's tags
	action  string // the STS call that assumes a role: sts:AssumeRole unless federated
}

// Evaluate resolves the request against the world and evaluates it, step by
// step. With opts.Trace every step's result carries its trace.
func (s *Scenario) Evaluate(req *Request, opts engine.Options) *Outcome {
	o := &Outcome{Request: req}
	w := s.World
	p := &req.Principal
	var cur *session
	switch p.Kind {
	case PrincipalUser:
		u := p.User
		cur = &session{kind: sessUser, arn: u.ARN(), account: u.Account, user: u, name: u.Name,
			label: "IAM user " + u.Name, temp: p.SignIn != "accessKey", mfaAge: p.MFAAge}
		switch {
		case !cur.temp:
			cur.mfa = mfaAbsent
			cur.label += " (long-term access key)"
		case p.MFA:
			cur.mfa = mfaTrue
			cur.label += " (" + p.SignIn + ", with MFA)"
		default:
			cur.mfa = mfaFalse
			cur.label += " (" + p.SignIn + ", without MFA)"
		}
	case PrincipalRoot:
		cur = &session{kind: sessRoot, arn: "arn:aws:iam::" + p.Account.ID + ":root", account: p.Account,
			label: "root user of " + p.Account.Label(), temp: true, mfa: mfaFalse, mfaAge: p.MFAAge}
		if p.MFA {
			cur.mfa = mfaTrue
		}
	case PrincipalIdentityCenter:
		st := &Step{Kind: StepSignIn, Label: p.ICUser.Name + " signs in through IAM Identity Center and chooses " + p.PermSet.Name + " in account " + p.Account.Label()}
		o.Steps = append(o.Steps, st)
		ro := p.PermSet.Roles[p.Account.ID]
		if ro == nil || !w.IdentityCenter.assigned(p.ICUser, p.PermSet, p.Account.ID) {
			st.Decision = engine.ImplicitDeny
			st.Note = p.ICUser.Name + " is not assigned permission set " + p.PermSet.Name + " in account " + p.Account.ID + " (directly or through a group), so the access portal offers no such role"
			return o.finish()
		}
		st.Decision = engine.Allowed
		st.Note = "assigned: Identity Center issues credentials for role " + ro.Name + " (session " + p.ICUser.Name + ", up to " + duration(ro.MaxSession) + ")"
		cur = &session{kind: sessRole, arn: sessionARN(ro, p.ICUser.Name), account: ro.Account, role: ro, name: p.ICUser.Name,
			label: p.ICUser.Name + " (Identity Center, " + p.PermSet.Name + ")", temp: true, mfa: mfaAbsent}
	case PrincipalInstance:
		in := p.Instance
		if in.Role == nil {
			// The SDK's default credential provider chain (environment,
			// shared files, container, then the instance metadata service)
			// ends without credentials and the SDK fails locally: no
			// request reaches AWS, signed or unsigned (AWS SDKs and Tools
			// Reference Guide, "Standardized credential providers" and
			// "IMDS credential provider").
			o.Steps = append(o.Steps, &Step{Kind: StepCredentials,
				Label:    "code on instance " + in.ID + " calls " + req.Action + " on " + req.Resource,
				Request:  engine.Request{Action: req.Action, Resource: req.Resource},
				Decision: engine.ImplicitDeny,
				Note: "instance " + in.ID + " has no instance profile, so the SDK's credential provider chain finds no credentials " +
					"and fails before sending anything (\"Unable to locate credentials\"); AWS never sees the request"})
			return o.finish()
		}
		svc := &session{kind: sessService, arn: "ec2.amazonaws.com", label: "EC2 (ec2.amazonaws.com) for instance " + in.ID}
		next, ok := s.assumeStep(o, svc, &Assume{Role: in.Role, SessionName: in.ID, Duration: 3600}, opts)
		if !ok {
			return o.finish()
		}
		cur = next
		cur.label = "instance " + in.ID + " (role " + in.Role.Name + ")"
		cur.keys = map[string]string{"ec2:SourceInstanceARN": in.ARN(w.Region)}
	case PrincipalFunction:
		f := p.Function
		svc := &session{kind: sessService, arn: "lambda.amazonaws.com", label: "Lambda (lambda.amazonaws.com) for function " + f.Name}
		next, ok := s.assumeStep(o, svc, &Assume{Role: f.Role, SessionName: f.Name, Duration: 3600}, opts)
		if !ok {
			return o.finish()
		}
		cur = next
		cur.label = "function " + f.Name + " (role " + f.Role.Name + ")"
		cur.keys = map[string]string{"lambda:SourceFunctionArn": f.ARN(w.Region)}
	case PrincipalRole:
		ro := p.Role
		cur = &session{kind: sessRole, arn: sessionARN(ro, p.SessionName), account: ro.Account, role: ro, name: p.SessionName,
			label: "session " + p.SessionName + " of role " + ro.Name, temp: true, mfa: mfaFalse, mfaAge: p.MFAAge}
		if p.MFA {
			cur.mfa = mfaTrue
		}
	case PrincipalService:
		cur = &session{kind: sessService, arn: p.Service, label: "the service " + p.Service}
	case PrincipalWebIdentity, PrincipalSAML:
		cur = federatedSession(p)
	default:
		cur = &session{kind: sessAnonymous, arn: "anonymous", label: "an unsigned caller"}
	}
	for _, as := range req.Assume {
		next, ok := s.assumeStep(o, cur, as, opts)
		if !ok {
			return o.finish()
		}
		cur = next
	}
	st := s.call(cur, req.Action, req.Resource, req.ResourceOwner, req.Context, nil, req.Via, opts)
	st.Kind = StepRequest
	st.Label = cur.label + " calls " + req.Action + " on " + req.Resource
	o.Steps = append(o.Steps, st)
	return o.finish()
}

func (o *Outcome) finish() *Outcome {
	for i, st := range o.Steps {
		o.Decision, o.Decider = st.Decision, i
		if st.Decision != engine.Allowed {
			break
		}
	}
	return o
}

func sessionARN(ro *Role, name string) string {
	return "arn:aws:sts::" + ro.Account.ID + ":assumed-role/" + ro.Name + "/" + name
}

func duration(sec int) string {
	if sec%3600 == 0 {
		if sec == 3600 {
			return "1 hour"
		}
		return strconv.Itoa(sec/3600) + " hours"
	}
	return strconv.Itoa(sec) + " seconds"
}

// assumeStep evaluates cur calling sts:AssumeRole on as.Role, appends the
// step, and returns the new session when the call succeeds.
func (s *Scenario) assumeStep(o *Outcome, cur *session, as *Assume, opts engine.Options) (*session, bool) {
	ro := as.Role
	extra := map[string]string{}
	if as.SessionName != "" {
		extra["sts:RoleSessionName"] = as.SessionName
	} else if cur.name != "" {
		extra["sts:RoleSessionName"] = cur.name
	}
	if as.ExternalID != "" {
		extra["sts:ExternalId"] = as.ExternalID
	}
	if as.MFA {
		extra["aws:MultiFactorAuthPresent"] = "true"
		extra["aws:MultiFactorAuthAge"] = "0"
	}
	action := "sts:AssumeRole"
	if cur.action != "" {
		action = cur.action
	}
	tagCtx := requestTags(as.Tags)
	st := s.call(cur, action, ro.ARN(), "", tagCtx, extra, nil, opts)
	st.Kind = StepAssume
	st.Label = cur.label + " assumes role " + ro.Name + " in account " + ro.Account.Label()
	if action != "sts:AssumeRole" {
		st.Label += " (" + action + ")"
	}
	o.Steps = append(o.Steps, st)
	refuse := func(msg string) {
		st.Decision = engine.ImplicitDeny
		st.Note = msg
	}
	switch {
	case st.Result != nil && st.Result.Refusal != "":
		refuse(st.Result.Refusal) // refused by AWS: the root user, …
	case cur.kind == sessAnonymous:
		refuse("sts:AssumeRole needs signed credentials; an unsigned call cannot assume a role")
	case as.MFA && (cur.kind != sessUser || !cur.user.MFA):
		refuse("only an IAM user with an MFA device can pass an MFA code (SerialNumber, TokenCode) to sts:AssumeRole")
	case st.Decision != engine.Allowed:
	case as.Duration < 900:
		refuse("DurationSeconds " + strconv.Itoa(as.Duration) + " is below the minimum of 900; STS rejects the call")
	case cur.kind == sessRole && as.Duration > 3600:
		refuse("role chaining (a role session assuming a role) is limited to one hour; DurationSeconds " + strconv.Itoa(as.Duration) + " is rejected")
	case as.Duration > ro.MaxSession:
		refuse("DurationSeconds " + strconv.Itoa(as.Duration) + " exceeds the role's maximum session duration of " + strconv.Itoa(ro.MaxSession) + "; STS rejects the call")
	}
	if st.Decision != engine.Allowed {
		return nil, false
	}
	if len(as.Tags) > 0 {
		// Passing session tags needs sts:TagSession too, in the caller's
		// policies and the role's trust policy (IAM User Guide, "Passing
		// session tags in AWS STS": "Permissions required to add session
		// tags").
		tst := s.call(cur, "sts:TagSession", ro.ARN(), "", tagCtx, extra, nil, opts)
		tst.Kind = StepAssume
		tst.Label = cur.label + " tags the session of role " + ro.Name + " (sts:TagSession: " + tagList(as.Tags) + ")"
		o.Steps = append(o.Steps, tst)
		if tst.Decision != engine.Allowed {
			return nil, false
		}
	}
	name := as.SessionName
	if name == "" {
		name = cur.name
		if name == "" {
			name = "session"
		}
	}
	next := &session{kind: sessRole, arn: sessionARN(ro, name), account: ro.Account, role: ro, name: name, temp: true,
		mfa: mfaFalse, mfaAge: cur.mfaAge, chained: cur.kind == sessRole,
		label: "session " + name + " of role " + ro.Name, tags: as.Tags}
	if cur.kind == sessFederated {
		next.mfa = mfaAbsent
	}
	if as.MFA {
		next.mfa, next.mfaAge = mfaTrue, 0
	} else if cur.mfa == mfaTrue {
		next.mfa = mfaTrue
	}
	if as.SessionPolicy != nil {
		sp := *as.SessionPolicy
		sp.Name = "session policy passed by " + cur.label + " when assuming " + ro.Name
		next.policy = &sp
	}
	st.Note = "credentials for " + next.arn + " valid for " + duration(as.Duration)
	if next.chained {
		st.Note += " (role chaining: at most 1 hour)"
	}
	return next, true
}

// call evaluates one call by a session.
func (s *Scenario) call(cur *session, action, resource, owner string, reqCtx map[string]engine.ContextValue, extra map[string]string, via *Endpoint, opts engine.Options) *Step {
	w := s.World
	acct, res, _ := w.owner(resource, owner)
	req := engine.Request{Principal: cur.arn, Action: action, Resource: resource}
	if owner != "" {
		req.ResourceOwner = owner
	} else if acct != "" && !strings.HasPrefix(resource, "arn:aws:iam::") {
		parts := strings.SplitN(resource, ":", 6)
		if len(parts) == 6 && parts[4] == "" {
			req.ResourceOwner = acct
		}
	}
	if acct == "" && cur.account != nil {
		acct = cur.account.ID
	}
	pols := &engine.Policies{}
	s.identity(cur, pols)
	if cur.account != nil && cur.kind != sessService {
		pols.SCP = w.orgLevels(cur.account, false)
	}
	if a := w.accounts[acct]; a != nil {
		pols.RCP = w.orgLevels(a, true)
	}
	ro := w.roleByARN(resource)
	switch {
	case engine.TrustGoverned(action, resource) && ro != nil:
		pols.Resource = ro.Trust
	case res != nil && res.Policy != nil:
		pols.Resource = res.Policy
	}
	req.Context = s.context(cur, resource, res, ro, reqCtx, extra)
	if via != nil {
		pols.Endpoint = via.Policy
		throughEndpoint(req.Context, via)
	}
	st := &Step{Request: req, Policies: pols}
	prep, err := engine.Prepare(req)
	if err != nil {
		st.Decision = engine.ImplicitDeny
		st.Note = "the request cannot be evaluated: " + err.Error()
		return st
	}
	r := engine.Evaluate(pols, prep, opts)
	st.Result = &r
	st.Decision = r.Decision
	return st
}

func named(p *policy.Policy, name string, typ policy.Type) *policy.Policy {
	c := *p
	c.Name = name
	c.Type = typ
	return &c
}

func managedName(m *ManagedPolicy) string {
	if m.AWS {
		return "AWS managed policy " + m.Name
	}
	return "managed policy " + m.Name
}

// identity collects the identity-based policies, boundary and session policy
// of a session.
func (s *Scenario) identity(cur *session, pols *engine.Policies) {
	add := func(owner string, managed []*ManagedPolicy, inline []*InlinePolicy) {
		for _, ip := range inline {
			pols.Identity = append(pols.Identity, named(ip.Policy, owner+" → inline policy "+ip.Name, policy.Identity))
		}
		for _, m := range managed {
			pols.Identity = append(pols.Identity, named(m.Policy, owner+" → "+managedName(m), policy.Identity))
		}
	}
	switch cur.kind {
	case sessUser:
		u := cur.user
		add("user "+u.Name, u.Managed, u.Inline)
		for _, g := range u.Groups {
			add("group "+g.Name, g.Managed, g.Inline)
		}
		if u.Boundary != nil {
			pols.Boundary = named(u.Boundary.Policy, "user "+u.Name+" → permissions boundary "+u.Boundary.Name, policy.Boundary)
		}
	case sessRole:
		ro := cur.role
		owner := "role " + ro.Name
		if ro.PermissionSet != nil {
			owner = "permission set " + ro.PermissionSet.Name
			for _, ip := range ro.Inline {
				pols.Identity = append(pols.Identity, named(ip.Policy, owner+" → inline policy", policy.Identity))
			}
			add(owner, ro.Managed, nil)
		} else {
			add(owner, ro.Managed, ro.Inline)
		}
		if ro.Boundary != nil {
			pols.Boundary = named(ro.Boundary.Policy, owner+" → permissions boundary "+ro.Boundary.Name, policy.Boundary)
		}
		pols.Session = cur.policy
	}
}

// orgLevels lists the SCPs (or RCPs) along the account's path, root first;
// nil when they do not apply.
func (w *World) orgLevels(a *Account, rcp bool) [][]*policy.Policy {
	o := w.Org
	if o == nil || a.Node == nil || a.ID == o.ManagementAccount || (rcp && !o.hasRCP) {
		return nil
	}
	var levels [][]*policy.Policy
	for _, n := range a.Node.Path() {
		var list []*policy.Policy
		if rcp {
			// RCPFullAWSAccess is implied at every node: the engine treats RCPs
			// as deny-only, and the policy language rejects Allow in an RCP.
			for _, p := range n.RCPs {
				list = append(list, named(p.Policy, "RCP "+p.Name+" on "+n.Label(), policy.RCP))
			}
		} else {
			for _, p := range n.SCPs {
				list = append(list, named(p.Policy, "SCP "+p.Name+" on "+n.Label(), policy.SCP))
			}
		}
		if list == nil {
			list = []*policy.Policy{}
		}
		levels = append(levels, list)
	}
	return levels
}

// owner finds the account that owns a resource, and the declared resource
// whose policy applies (the bucket, for an S3 object). msg explains why the
// owner cannot be known.
func (w *World) owner(arn, given string) (acct string, res *Resource, msg string) {
	if arn == "*" {
		return given, nil, ""
	}
	if r := w.resource(arn); r != nil {
		return r.Account.ID, r, ""
	}
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 {
		return given, nil, ""
	}
	if parts[2] == "s3" && parts[4] == "" {
		bucket := parts[5]
		if i := strings.IndexByte(bucket, '/'); i >= 0 {
			bucket = bucket[:i]
		}
		if r := w.resource("arn:" + parts[1] + ":s3:::" + bucket); r != nil {
			return r.Account.ID, r, ""
		}
		if given == "" {
			return "", nil, "bucket " + q(bucket) + " is not declared in any account; S3 ARNs carry no account, so declare the bucket under the account that owns it (resources), or give resourceOwner"
		}
		return given, nil, ""
	}
	if ro := w.roleByARN(arn); ro != nil {
		return ro.Account.ID, nil, ""
	}
	if parts[4] != "" {
		return parts[4], nil, ""
	}
	return given, nil, ""
}

// context derives the request context the world determines.
func (s *Scenario) context(cur *session, resource string, res *Resource, ro *Role, reqCtx map[string]engine.ContextValue, extra map[string]string) map[string]engine.ContextValue {
	w := s.World
	ctx := map[string]engine.ContextValue{}
	set := func(k, v string) {
		ctx[k] = engine.ContextValue{Values: []string{v}, Derived: true, Note: worldNote(k)}
	}
	now := w.Time
	set("aws:CurrentTime", now)
	set("aws:SecureTransport", "true")
	set("aws:ViaAWSService", "false")
	region := w.Region
	if parts := strings.SplitN(resource, ":", 6); len(parts) == 6 && parts[3] != "" {
		region = parts[3]
	}
	set("aws:RequestedRegion", region)
	var tags []Tag
	switch cur.kind {
	case sessUser:
		tags = cur.user.Tags
		set("aws:userid", uniqueID("AIDA", cur.user.ARN()))
	case sessRole:
		tags = sessionTags(cur.role.Tags, cur.tags)
		set("aws:userid", uniqueID("AROA", cur.role.ARN())+":"+cur.name)
		if cur.role.Path != "/" {
			set("aws:PrincipalArn", cur.role.ARN())
		}
	}
	for _, t := range tags {
		set("aws:PrincipalTag/"+t.Key, t.Value)
	}
	if cur.temp {
		switch cur.mfa {
		case mfaTrue:
			set("aws:MultiFactorAuthPresent", "true")
			set("aws:MultiFactorAuthAge", strconv.Itoa(cur.mfaAge))
		case mfaFalse:
			set("aws:MultiFactorAuthPresent", "false")
		}
		// The credentials were issued when the session began: five minutes
		// before the request, or when MFA was last used if that is longer ago.
		age := max(cur.mfaAge, 300)
		if t, err := time.Parse(time.RFC3339, now); err == nil {
			set("aws:TokenIssueTime", t.Add(-time.Duration(age)*time.Second).UTC().Format(time.RFC3339))
		}
	}
	if cur.account != nil {
		if id, paths := w.orgPath(cur.account); id != "" {
			set("aws:PrincipalOrgID", id)
			ctx["aws:PrincipalOrgPaths"] = engine.ContextValue{Values: []string{paths}, Multi: true, Derived: true, Note: worldNote("aws:PrincipalOrgPaths")}
		}
	}
	var resTags []Tag
	resAcct := ""
	if res != nil {
		resAcct = res.Account.ID
		if res.ARN == resource {
			resTags = res.Tags
		}
	}
	if ro != nil {
		resAcct = ro.Account.ID
		for _, t := range ro.Tags {
			set("iam:ResourceTag/"+t.Key, t.Value)
		}
		resTags = ro.Tags
	}
	for _, t := range resTags {
		set("aws:ResourceTag/"+t.Key, t.Value)
	}
	if a := w.accounts[resAcct]; a != nil {
		if id, paths := w.orgPath(a); id != "" {
			set("aws:ResourceOrgID", id)
			ctx["aws:ResourceOrgPaths"] = engine.ContextValue{Values: []string{paths}, Multi: true, Derived: true, Note: worldNote("aws:ResourceOrgPaths")}
		}
	}
	for k, v := range cur.keys {
		set(k, v)
	}
	for k, v := range extra {
		set(k, v)
	}
	overlay(ctx, s.Context)
	overlay(ctx, reqCtx)
	return ctx
}

// worldNote says where the world found a derived key's value.
func worldNote(key string) string {
	k := strings.ToLower(key)
	switch {
	case strings.HasPrefix(k, "aws:principaltag/"):
		return "a tag on the principal"
	case strings.HasPrefix(k, "aws:resourcetag/"), strings.HasPrefix(k, "iam:resourcetag/"):
		return "a tag on the resource"
	case strings.Contains(k, "orgid"), strings.Contains(k, "orgpaths"):
		return "the account's place in the organization"
	case strings.HasPrefix(k, "aws:multifactorauth"), k == "aws:tokenissuetime":
		return "how the session was obtained"
	case k == "aws:userid", k == "aws:principalarn":
		return "the principal in the world"
	case k == "aws:currenttime":
		return "the world's clock"
	case k == "sts:externalid":
		return "the ExternalId passed to AssumeRole"
	case k == "aws:requestedregion":
		return "the resource's region, or the world's default region"
	}
	if svc, _, _ := strings.Cut(key, ":"); svc == "SAML" || strings.Contains(svc, ".") {
		return "a claim of the caller's token (or attribute of its SAML assertion)"
	}
	return "set by the world for this kind of request"
}

// overlay sets the keys of over in ctx, replacing any key that differs only
// in case.
func overlay(ctx, over map[string]engine.ContextValue) {
	for k, v := range over {
		for old := range ctx {
			if strings.EqualFold(old, k) {
				delete(ctx, old)
			}
		}
		ctx[k] = v
	}
}

// orgPath returns the organization id and the account's organization path
// ("o-…/r-…/ou-…/"), or "" outside an organization.
func (w *World) orgPath(a *Account) (id, path string) {
	if w.Org == nil || a.Node == nil {
		return "", ""
	}
	var b strings.Builder
	b.WriteString(w.Org.ID + "/")
	for _, n := range a.Node.Path() {
		if n.Kind == NodeAccount {
			break
		}
		b.WriteString(n.ID + "/")
	}
	return w.Org.ID, b.String()
}

// WriteText writes the outcome as text: each step with its trace (when
// evaluated with Options.Trace), then the decision against the expectation.
func (o *Outcome) WriteText(wr io.Writer) error {
	var b strings.Builder
	for i, st := range o.Steps {
		b.WriteString("━━ Step " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(o.Steps)) + " (" + st.Kind.String() + "): " + st.Label + "\n")
		if st.Note != "" {
			b.WriteString("   " + st.Note + "\n")
		}
		if _, err := io.WriteString(wr, b.String()); err != nil {
			return err
		}
		b.Reset()
		if st.Result != nil {
			if err := st.Result.WriteText(wr); err != nil {
				return err
			}
			if st.Refused() {
				b.WriteString("Refused: " + st.Note + "\n")
			}
		} else if st.NotSent() {
			b.WriteString("Not sent: no credentials, so AWS makes no decision\n")
		} else {
			b.WriteString("Decision: " + st.Decision.String() + "\n")
		}
		b.WriteString("\n")
	}
	verdict := "as expected"
	if !o.Passed() {
		verdict = "MISMATCH: expected " + o.Request.Expect.String()
	}
	b.WriteString("Outcome: " + o.Decision.String() + " (" + verdict + ")\n")
	_, err := io.WriteString(wr, b.String())
	return err
}
