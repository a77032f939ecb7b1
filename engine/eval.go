package engine

import (
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/internal/match"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Decision is the outcome of an evaluation.
type Decision uint8

// The three outcomes AWS can reach.
const (
	ImplicitDeny Decision = iota // nothing allowed the request
	Allowed
	ExplicitDeny // a Deny statement matched
)

var decisionNames = [...]string{"implicitDeny", "allowed", "explicitDeny"}

// String is the decision's stable identifier: "allowed", "explicitDeny" or
// "implicitDeny".
func (d Decision) String() string { return decisionNames[d] }

// MarshalText encodes the decision as its identifier.
func (d Decision) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// ParseDecision reads a decision identifier.
func ParseDecision(s string) (Decision, bool) {
	for i, n := range decisionNames {
		if strings.EqualFold(n, s) {
			return Decision(i), true
		}
	}
	return 0, false
}

// Policies is every policy that applies to a request, by type.
type Policies struct {
	Identity []*policy.Policy
	Resource *policy.Policy // resource-based policy, or role trust policy for sts:AssumeRole
	Boundary *policy.Policy
	// SCP holds one list of policies per organization level, root first; nil
	// when the principal's account is not in an organization.
	SCP [][]*policy.Policy
	// RCP likewise for the resource's account. AWS attaches RCPFullAWSAccess
	// to every node, so RCPs only ever deny.
	RCP     [][]*policy.Policy
	Session *policy.Policy
}

// Options tune an evaluation.
type Options struct {
	// Trace records why: every policy, statement and condition. Without it
	// evaluation records nothing and allocates nothing.
	Trace bool
	// Reuse, with Trace, is the trace of an earlier result whose memory
	// this evaluation takes over, so that tracing allocates almost nothing:
	// that trace, and the tree, keys and report made from it, must no
	// longer be used. A caller evaluating on every keystroke passes the
	// previous result's trace once it is done with it.
	Reuse *Trace
}

// Ref points at the statement that decided.
type Ref struct {
	Policy    *policy.Policy
	Statement *policy.Statement
}

// Valid reports whether the reference points anywhere.
func (r Ref) Valid() bool { return r.Statement != nil }

// Stage is a step of AWS's evaluation flow, in the order AWS documents it.
type Stage uint8

// The stages of the flow chart in "Policy evaluation logic".
const (
	StageDeny     Stage = iota // explicit deny in any policy
	StageRCP                   // resource control policies
	StageSCP                   // service control policies
	StageResource              // resource-based policy
	StageIdentity              // identity-based policies
	StageBoundary              // permissions boundary
	StageSession               // session policy
	numStages
)

var stageNames = [...]string{"deny", "rcp", "scp", "resource", "identity", "boundary", "session"}

// String is the stage's stable identifier.
func (s Stage) String() string { return stageNames[s] }

// Outcome is what a stage contributed.
type Outcome uint8

// Stage outcomes.
const (
	NotReached    Outcome = iota // the flow stopped before this stage
	NotApplicable                // no policy of this type applies
	Pass                         // allows (or, for the deny stage, found no deny)
	Fail                         // does not allow (or found a deny)
)

var outcomeNames = [...]string{"notReached", "notApplicable", "pass", "fail"}

// String is the outcome's stable identifier.
func (o Outcome) String() string { return outcomeNames[o] }

// MarshalText encodes the outcome as its identifier.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Result is the outcome of Evaluate.
type Result struct {
	Decision Decision
	// Deciding is the statement that decided: the matching Deny for an
	// explicit deny, the Allow that granted for an allow; unset for an
	// implicit deny.
	Deciding Ref
	// Granted is, for a cross-account allow, the resource-side statement
	// that allowed alongside Deciding.
	Granted Ref
	// Flow is what each stage of AWS's flow chart contributed.
	Flow [numStages]Outcome
	// Why is the reason code behind Reason.
	Why Why
	// Level is the organization level (from 1) when Why names an SCP level.
	Level int
	// Trace is the recorded evaluation, when Options.Trace was set.
	Trace *Trace
	req   *Prepared
}

// Why says which rule decided.
type Why uint8

// Reasons.
const (
	WhyDeny             Why = iota // a Deny statement matched
	WhySCPGap                      // an SCP level allows nothing
	WhyResourceDirect              // same account: resource policy names the principal
	WhyResourceRole                // same account: resource policy names the role or everyone
	WhyIdentity                    // identity-based policy allows (and boundary, session policy)
	WhyCrossAccount                // both sides allow a cross-account request
	WhyRoot                        // the account root user
	WhyBoundaryGap                 // boundary does not allow
	WhySessionGap                  // session policy does not allow
	WhyNoAllow                     // nothing allows
	WhyCrossNoResource             // cross-account, resource side does not allow
	WhyCrossNoIdentity             // cross-account, identity side does not allow
	WhyAccountDelegated            // resource policy names only the account; identity must allow
)

// Evaluate decides the request against the policies, following AWS's
// documented policy evaluation logic ("Policy evaluation logic" and
// "Cross-account policy evaluation logic" in the IAM User Guide).
func Evaluate(pols *Policies, req *Prepared, opts Options) Result {
	e := evaluator{req: req}
	if opts.Trace {
		e.tr = newTrace(req, pols, opts.Reuse)
	}
	return e.run(pols)
}

type evaluator struct {
	req         *Prepared
	tr          *Trace
	hasBoundary bool
}

// verdict is what one policy (or set of policies) says.
type verdict struct {
	allow Ref
	deny  Ref
	// how the allowing statement named the principal (resource policies)
	grant grantKind
}

type grantKind uint8

const (
	grantNone     grantKind = iota
	grantDirect             // the exact user, session or federated-user ARN
	grantRole               // the role ARN, for a session of that role
	grantAnyone             // "*"
	grantAccount            // the account id or root ARN
	grantService            // a service principal
	grantRootSelf           // root principal named by its own account
)

func (e *evaluator) run(pols *Policies) Result {
	r := Result{req: e.req}
	pr := e.req.Principal
	e.hasBoundary = pols.Boundary != nil
	crossAccount := pr.Account == "" || pr.Account != e.req.ResourceAccount
	orgApplies := pols.SCP != nil && !pr.ServiceLinked && pr.Kind != KindService && pr.Kind != KindAnonymous
	rcpApplies := pols.RCP != nil && !pr.ServiceLinked
	identityApplies := pr.Kind != KindService && pr.Kind != KindAnonymous

	var firstDeny Ref
	denyStage := StageDeny
	noteDeny := func(v verdict, st Stage) {
		if v.deny.Valid() && !firstDeny.Valid() {
			firstDeny, denyStage = v.deny, st
		}
	}
	// Stages with no policy to evaluate are marked now; the rest are set as
	// the flow reaches them.
	if !rcpApplies {
		r.Flow[StageRCP] = NotApplicable
	}
	if !orgApplies {
		r.Flow[StageSCP] = NotApplicable
	}
	if pols.Resource == nil {
		r.Flow[StageResource] = NotApplicable
	}
	if !identityApplies {
		r.Flow[StageIdentity] = NotApplicable
	}
	if pols.Boundary == nil || !identityApplies {
		r.Flow[StageBoundary] = NotApplicable
	}
	if pols.Session == nil || !identityApplies {
		r.Flow[StageSession] = NotApplicable
	}

	// Every applicable policy is evaluated, in the order AWS's flow chart
	// reads them, so that the trace shows all of them and the first deny in
	// that order is the one reported.
	if rcpApplies {
		e.tr.stage(StageRCP, "Resource control policies (RCPs) of the resource's account")
		for lvl, list := range pols.RCP {
			e.tr.level(lvl, len(pols.RCP), "RCP")
			if len(list) == 0 {
				e.tr.note("no RCP of its own: only RCPFullAWSAccess, which AWS attaches to every node and which allows everything")
			}
			for _, p := range list {
				noteDeny(e.policy(p), StageRCP)
			}
			e.tr.pop() // level
		}
		e.tr.pop()
	} else {
		e.tr.skipStage(StageRCP, "Resource control policies (RCPs)", rcpSkipWhy(pols, pr))
	}

	scpGapLevel := 0
	if orgApplies {
		e.tr.stage(StageSCP, "Service control policies (SCPs) of the principal's account")
		for lvl, list := range pols.SCP {
			e.tr.level(lvl, len(pols.SCP), "SCP")
			allowed := false
			for _, p := range list {
				v := e.policy(p)
				noteDeny(v, StageSCP)
				allowed = allowed || v.allow.Valid()
			}
			if !allowed && scpGapLevel == 0 {
				scpGapLevel = lvl + 1
			}
			e.tr.levelResult(allowed)
			e.tr.pop()
		}
		e.tr.pop()
	} else {
		e.tr.skipStage(StageSCP, "Service control policies (SCPs)", scpSkipWhy(pols, pr))
	}

	var res verdict
	if pols.Resource != nil {
		e.tr.stage(StageResource, pols.Resource.Type.Title())
		res = e.policy(pols.Resource)
		noteDeny(res, StageResource)
		e.tr.pop()
	} else {
		e.tr.skipStage(StageResource, "Resource-based policy", "the resource has no resource-based policy")
	}

	var ident verdict
	if identityApplies {
		e.tr.stage(StageIdentity, "Identity-based policies")
		if pr.Kind == KindRoot {
			e.tr.note("the account root user has full access to its own account's resources without any policy")
		}
		for _, p := range pols.Identity {
			v := e.policy(p)
			noteDeny(v, StageIdentity)
			if !ident.allow.Valid() {
				ident.allow = v.allow
			}
		}
		e.tr.pop()
	} else {
		if e.tr != nil {
			e.tr.skipStage(StageIdentity, "Identity-based policies", "a "+pr.Kind.String()+" has no identity-based policies")
		}
	}

	var bound, sess verdict
	hasBoundary := pols.Boundary != nil && identityApplies
	if hasBoundary {
		e.tr.stage(StageBoundary, "Permissions boundary")
		bound = e.policy(pols.Boundary)
		noteDeny(bound, StageBoundary)
		e.tr.pop()
	} else {
		e.tr.skipStage(StageBoundary, "Permissions boundary", "no permissions boundary is set")
	}
	hasSession := pols.Session != nil && identityApplies
	if hasSession {
		e.tr.stage(StageSession, "Session policy")
		sess = e.policy(pols.Session)
		noteDeny(sess, StageSession)
		e.tr.pop()
	} else {
		e.tr.skipStage(StageSession, "Session policy", "no session policy was passed")
	}

	// 1. Explicit deny anywhere wins.
	if firstDeny.Valid() {
		r.Decision, r.Why, r.Deciding = ExplicitDeny, WhyDeny, firstDeny
		r.Flow[StageDeny] = Fail
		r.Flow[denyStage] = Fail
		return e.finish(r)
	}
	r.Flow[StageDeny] = Pass
	// 2. RCPs: RCPFullAWSAccess is always attached, so they pass unless they deny.
	r.Flow[StageRCP] = applicable(rcpApplies, Pass)
	// 3. SCPs: every level from the root down must allow.
	if orgApplies {
		if scpGapLevel > 0 {
			r.Flow[StageSCP] = Fail
			r.Decision, r.Why, r.Level = ImplicitDeny, WhySCPGap, scpGapLevel
			return e.finish(r)
		}
		r.Flow[StageSCP] = Pass
	} else {
		r.Flow[StageSCP] = NotApplicable
	}

	boundaryOK := !hasBoundary || bound.allow.Valid()
	sessionOK := !hasSession || sess.allow.Valid()
	identityOK := ident.allow.Valid() || pr.Kind == KindRoot
	rootIdentity := pr.Kind == KindRoot && !ident.allow.Valid()

	if pols.Resource != nil {
		r.Flow[StageResource] = fail(!res.allow.Valid())
	} else {
		r.Flow[StageResource] = NotApplicable
	}
	if identityApplies {
		r.Flow[StageIdentity] = fail(!identityOK)
	} else {
		r.Flow[StageIdentity] = NotApplicable
	}
	r.Flow[StageBoundary] = applicable(hasBoundary, fail(!boundaryOK))
	r.Flow[StageSession] = applicable(hasSession, fail(!sessionOK))

	if !crossAccount {
		// 4. Same account: a resource-based policy can allow on its own,
		// depending on how it names the principal ("Policy evaluation for
		// requests within a single account").
		if res.allow.Valid() {
			switch res.grant {
			case grantDirect, grantService:
				// Granted to the user, session or federated-user ARN itself: an
				// implicit deny in a boundary or session policy does not limit it.
				r.Decision, r.Why, r.Deciding = Allowed, WhyResourceDirect, res.allow
				r.Flow[StageIdentity], r.Flow[StageBoundary], r.Flow[StageSession] = NotReached, NotReached, NotReached
				return e.finish(r)
			case grantRole, grantAnyone:
				// Granted to the role ARN (or to everyone): an implicit deny in a
				// permissions boundary or session policy still limits it.
				if boundaryOK && sessionOK {
					r.Decision, r.Why, r.Deciding = Allowed, WhyResourceRole, res.allow
					r.Flow[StageIdentity] = NotReached
					return e.finish(r)
				}
			}
		}
		if identityOK {
			if !boundaryOK {
				r.Decision, r.Why = ImplicitDeny, WhyBoundaryGap
				return e.finish(r)
			}
			if !sessionOK {
				r.Decision, r.Why = ImplicitDeny, WhySessionGap
				return e.finish(r)
			}
			r.Decision, r.Deciding = Allowed, ident.allow
			r.Why = WhyIdentity
			if rootIdentity {
				r.Why = WhyRoot
			}
			return e.finish(r)
		}
		if res.allow.Valid() && res.grant == grantAccount {
			r.Decision, r.Why = ImplicitDeny, WhyAccountDelegated
			return e.finish(r)
		}
		if res.allow.Valid() && !boundaryOK {
			r.Decision, r.Why = ImplicitDeny, WhyBoundaryGap
			return e.finish(r)
		}
		if res.allow.Valid() && !sessionOK {
			r.Decision, r.Why = ImplicitDeny, WhySessionGap
			return e.finish(r)
		}
		r.Decision, r.Why = ImplicitDeny, WhyNoAllow
		return e.finish(r)
	}

	// 5. Cross-account: the principal's account must allow (identity policy,
	// within boundary and session policy) and the resource's policy must allow.
	if !identityApplies {
		// Services and anonymous callers have no identity side: the resource
		// policy alone decides.
		if res.allow.Valid() && (res.grant == grantAnyone || res.grant == grantService) {
			r.Decision, r.Why, r.Deciding = Allowed, WhyResourceDirect, res.allow
			return e.finish(r)
		}
		r.Decision, r.Why = ImplicitDeny, WhyNoAllow
		return e.finish(r)
	}
	if !res.allow.Valid() {
		r.Decision, r.Why = ImplicitDeny, WhyCrossNoResource
		return e.finish(r)
	}
	if !identityOK {
		r.Decision, r.Why = ImplicitDeny, WhyCrossNoIdentity
		return e.finish(r)
	}
	if !boundaryOK {
		r.Decision, r.Why = ImplicitDeny, WhyBoundaryGap
		return e.finish(r)
	}
	if !sessionOK {
		r.Decision, r.Why = ImplicitDeny, WhySessionGap
		return e.finish(r)
	}
	r.Decision, r.Why, r.Deciding, r.Granted = Allowed, WhyCrossAccount, ident.allow, res.allow
	if rootIdentity {
		r.Deciding = res.allow
	}
	return e.finish(r)
}

func applicable(applies bool, o Outcome) Outcome {
	if !applies {
		return NotApplicable
	}
	return o
}

func fail(b bool) Outcome {
	if b {
		return Fail
	}
	return Pass
}

func rcpSkipWhy(p *Policies, pr Principal) string {
	switch {
	case p.RCP == nil:
		return "the resource's account is not in an organization with RCPs"
	case pr.ServiceLinked:
		return "RCPs do not restrict service-linked roles"
	}
	return ""
}

func scpSkipWhy(p *Policies, pr Principal) string {
	switch {
	case p.SCP == nil:
		return "the principal's account is not in an organization"
	case pr.ServiceLinked:
		return "SCPs do not restrict service-linked roles"
	case pr.Kind == KindService:
		return "SCPs do not apply to AWS service principals"
	case pr.Kind == KindAnonymous:
		return "SCPs apply to principals of member accounts, not anonymous callers"
	}
	return ""
}

func (e *evaluator) finish(r Result) Result {
	if e.tr != nil {
		r.Trace = e.tr
		e.tr.finish(&r)
	}
	return r
}

// policy evaluates every statement of one policy.
func (e *evaluator) policy(p *policy.Policy) verdict {
	var v verdict
	e.tr.policy(p)
	for _, s := range p.Statements {
		matched, grant := e.statement(p, s)
		if !matched {
			continue
		}
		if s.Effect == policy.Deny {
			if !v.deny.Valid() {
				v.deny = Ref{Policy: p, Statement: s}
			}
		} else if !v.allow.Valid() || grant < v.grant {
			// Keep the strongest grant (a direct grant beats a role grant).
			v.allow = Ref{Policy: p, Statement: s}
			v.grant = grant
		}
	}
	e.tr.policyResult(v)
	return v
}

// statement reports whether the statement applies to the request.
func (e *evaluator) statement(p *policy.Policy, s *policy.Statement) (bool, grantKind) {
	if e.tr == nil {
		// Untraced: test the cheapest, most selective element first and stop
		// at the first that fails.
		if !e.action(s) || !e.resource(p, s) {
			return false, grantNone
		}
		grant := grantNone
		if s.Principal != nil {
			if grant = e.principal(p, s); grant == grantNone {
				return false, grantNone
			}
		}
		return e.conditions(p, s), grant
	}
	e.tr.statement(p, s)
	ok := true
	grant := grantNone
	if s.Principal != nil {
		grant = e.principal(p, s)
		ok = grant != grantNone
	}
	if ok || e.tr != nil {
		ok = e.action(s) && ok
	}
	if ok || e.tr != nil {
		ok = e.resource(p, s) && ok
	}
	if ok || e.tr != nil {
		ok = e.conditions(p, s) && ok
	}
	e.tr.statementResult(ok, s)
	return ok, grant
}

func (e *evaluator) action(s *policy.Statement) bool {
	a := e.req.ActionLower
	hit := -1
	for i := range s.Actions.Items {
		if s.Actions.Items[i].Pattern.Match(a) {
			hit = i
			break
		}
	}
	ok := (hit >= 0) != s.Actions.Not
	e.tr.action(s, hit, ok)
	return ok
}

func (e *evaluator) resource(p *policy.Policy, s *policy.Statement) bool {
	if s.Resources == nil {
		return true // trust policies: the role is the resource
	}
	hit := -1
	unresolved := false
	res := e.req.Resource
	for i := range s.Resources.Items {
		it := &s.Resources.Items[i]
		var m bool
		switch {
		case it.Any:
			m = true
		case it.Tmpl != nil:
			parts, ok := it.Tmpl.ExpandParts(e.req.Lookup)
			if !ok {
				unresolved = true
				continue
			}
			m = match.CompileARNParts(parts).Match(res)
		case res == "*":
			m = false
		default:
			m = it.Pattern.Match(res)
		}
		if m {
			hit = i
			break
		}
	}
	ok := (hit >= 0) != s.Resources.Not
	if s.Resources.Not && unresolved && hit < 0 {
		// A NotResource entry that could not be resolved cannot exclude anything.
		ok = true
	}
	e.tr.resource(p, s, hit, ok)
	return ok
}

func (e *evaluator) conditions(p *policy.Policy, s *policy.Statement) bool {
	all := true
	for i, c := range s.Conditions {
		vals, present := e.req.lookupLower(c.KeyLower)
		ok := c.Test.Eval(e.req, vals, present)
		e.tr.condition(s, i, ok)
		if !ok {
			all = false
			if e.tr == nil {
				return false
			}
		}
	}
	return all
}

// principal decides whether a resource-based statement's Principal (or
// NotPrincipal) covers the requester, and how.
func (e *evaluator) principal(p *policy.Policy, s *policy.Statement) grantKind {
	pr := e.req.Principal
	el := s.Principal
	best, hit := grantNone, -1
	if el.Any {
		best = grantAnyone
		for i, id := range el.Items {
			if id.Any {
				hit = i
			}
		}
	}
	for i := range el.Items {
		g := matchPrincipal(&el.Items[i], pr)
		if g != grantNone && (best == grantNone || g < best) {
			best, hit = g, i
		}
	}
	if el.Not {
		// NotPrincipal matches everyone not listed. AWS compares exact
		// principals, and documents that a Deny with NotPrincipal always
		// applies to a principal that has a permissions boundary.
		listed := best == grantDirect || best == grantRootSelf || best == grantService || best == grantAnyone
		g := grantNone
		if !listed || (s.Effect == policy.Deny && e.hasBoundary && pr.Kind != KindService && pr.Kind != KindAnonymous) {
			g = grantAnyone
		}
		e.tr.principal(p, s, hit, g != grantNone)
		return g
	}
	e.tr.principal(p, s, hit, best != grantNone)
	return best
}

func matchPrincipal(id *policy.PrincipalID, pr Principal) grantKind {
	switch id.Kind {
	case "AWS":
		if id.Any {
			return grantAnyone
		}
		if pr.Kind == KindService || pr.Kind == KindAnonymous {
			return grantNone
		}
		if strings.HasSuffix(id.ARN, ":root") && id.Account == pr.Account {
			if pr.Kind == KindRoot {
				return grantRootSelf
			}
			return grantAccount
		}
		if id.ARN == pr.ARN {
			return grantDirect
		}
		if (pr.Kind == KindRoleSession || pr.Kind == KindRole) && id.Account == pr.Account &&
			strings.Contains(id.ARN, ":role/") && lastSegment(id.ARN) == pr.Name {
			if pr.Kind == KindRole {
				return grantDirect
			}
			return grantRole
		}
	case "Service":
		if pr.Kind == KindService && (id.Any || strings.EqualFold(id.Text, pr.Name)) {
			return grantService
		}
	case "Federated", "CanonicalUser":
		if id.Text == pr.ARN {
			return grantDirect
		}
	}
	return grantNone
}

var _ cond.Context = (*Prepared)(nil)
