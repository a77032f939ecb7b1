package engine

import (
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
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
	// Endpoint is the policy of the VPC endpoint the request was made
	// through; nil when the request did not go through one.
	Endpoint *policy.Policy
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
	StageEndpoint              // VPC endpoint policy
	StageResource              // resource-based policy
	StageIdentity              // identity-based policies
	StageBoundary              // permissions boundary
	StageSession               // session policy
	numStages
)

var stageNames = [...]string{"deny", "rcp", "scp", "vpcEndpoint", "resource", "identity", "boundary", "session"}

// String is the stage's stable identifier.
func (s Stage) String() string { return stageNames[s] }

// MarshalText writes the stage's identifier, so that a report names its
// stages in JSON without holding a string for each.
func (s Stage) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

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
	// Refusal, when set, says why AWS refuses the request whatever the
	// policies say (the root user calling sts:AssumeRole, a change to an AWS
	// managed policy …). The request is not allowed; Decision is then
	// ImplicitDeny and no stage of the flow decided it.
	Refusal string
	// Trace is the recorded evaluation, when Options.Trace was set.
	Trace *Trace
	req   *Prepared
	grant grantKind // how the deciding resource-based statement named the principal
}

// Why says which rule decided.
type Why uint8

// Reasons.
const (
	WhyDeny               Why = iota // a Deny statement matched
	WhySCPGap                        // an SCP level allows nothing
	WhyResourceDirect                // same account: resource policy names the principal
	WhyResourceRole                  // same account: resource policy names the role or everyone
	WhyIdentity                      // identity-based policy allows (and boundary, session policy)
	WhyCrossAccount                  // both sides allow a cross-account request
	WhyRoot                          // the account root user
	WhyBoundaryGap                   // boundary does not allow
	WhySessionGap                    // session policy does not allow
	WhyNoAllow                       // nothing allows
	WhyCrossNoResource               // cross-account, resource side does not allow
	WhyCrossNoIdentity               // cross-account, identity side does not allow
	WhyAccountDelegated              // resource policy names only the account; identity must allow
	WhyEndpointGap                   // the VPC endpoint policy does not allow
	WhyResourceRequired              // a trust or key policy must allow, and does not
	WhyNoResourcePolicy              // a trust or key policy must allow, and none was given
	WhyRefused                       // AWS refuses the request whatever the policies say
	WhyNoPermissionNeeded            // the action needs no permission (sts:GetCallerIdentity)
)

// Evaluate decides the request against the policies, following AWS's
// documented policy evaluation logic ("Policy evaluation logic" and
// "Cross-account policy evaluation logic" in the IAM User Guide) and the
// service rules that depart from it (trust.go, kms.go, sts.go, refusal.go).
func Evaluate(pols *Policies, req *Prepared, opts Options) Result {
	e := evaluator{req: req, hasBoundary: pols.Boundary != nil}
	if opts.Trace {
		// A traced result is made in its trace, which keeps it for the
		// tree: copying it there afterwards went through the garbage
		// collector's write barrier for each of its pointers.
		t := newTrace(req, pols, opts.Reuse)
		e.tr = t
		e.run(pols, &t.result)
		t.done = true
		r := t.result
		r.Trace = t
		return r
	}
	var r Result
	e.run(pols, &r)
	return r
}

type evaluator struct {
	req         *Prepared
	tr          *Trace
	hasBoundary bool
}

// verdict is what one policy (or one stage's policies) says.
type verdict struct {
	allow Ref
	deny  Ref
	// how the allowing statement named the principal (resource policies)
	grant grantKind
}

// stageVerdict is what one stage of the flow said.
type stageVerdict struct {
	verdict
	applies bool
	gap     int // SCPs: the first level (from 1) that allows nothing
}

// verdicts is what every stage said, in the flow's order.
type verdicts [numStages]stageVerdict

// run evaluates every applicable policy, in the order AWS's flow chart reads
// them, so that the trace shows all of them; then decides in one pass, into
// r, which is zero on entry. Each stage function likewise fills its
// stageVerdict, zero on entry.
//
// The stages write their verdicts, and the deciding steps the result, in
// place. Returned by value, each was stored by the callee and copied at
// once by the caller with 16-byte loads across the 8-byte stores just
// made, which the processor cannot forward: those copies were a tenth of
// the simple shape's traced evaluation (pprof -disasm, BenchmarkShapes).
func (e *evaluator) run(pols *Policies, r *Result) {
	var v verdicts
	e.rcpStage(pols, &v[StageRCP])
	e.scpStage(pols, &v[StageSCP])
	e.endpointStage(pols, &v[StageEndpoint])
	e.resourceStage(pols, &v[StageResource])
	e.identityStage(pols, &v[StageIdentity])
	e.boundaryStage(pols, &v[StageBoundary])
	e.sessionStage(pols, &v[StageSession])
	e.decide(&v, r)
	if why := refusal(e.req); why != "" {
		e.refuse(r, why)
	} else if noPermissionNeeded(e.req) {
		e.free(r)
	}
}

// decide applies AWS's flow to what the stages said: an explicit deny
// anywhere wins; then every guardrail (RCPs, SCPs, the VPC endpoint policy)
// must allow; then the resource-based and identity-based policies grant
// (grants.go).
func (e *evaluator) decide(v *verdicts, r *Result) {
	r.req = e.req
	for st := StageRCP; st < numStages; st++ {
		if !v[st].applies {
			r.Flow[st] = NotApplicable
		}
	}
	for st := StageRCP; st < numStages; st++ {
		if v[st].deny.Valid() {
			r.Decision, r.Why, r.Deciding = ExplicitDeny, WhyDeny, v[st].deny
			r.Flow[StageDeny], r.Flow[st] = Fail, Fail
			return
		}
	}
	r.Flow[StageDeny] = Pass
	// RCPFullAWSAccess is always attached, so RCPs pass unless they deny.
	r.Flow[StageRCP] = applicable(v[StageRCP].applies, Pass)
	if v[StageSCP].applies {
		if v[StageSCP].gap > 0 {
			r.Flow[StageSCP] = Fail
			r.Decision, r.Why, r.Level = ImplicitDeny, WhySCPGap, v[StageSCP].gap
			return
		}
		r.Flow[StageSCP] = Pass
	}
	if v[StageEndpoint].applies {
		if !v[StageEndpoint].allow.Valid() {
			r.Flow[StageEndpoint] = Fail
			r.Decision, r.Why = ImplicitDeny, WhyEndpointGap
			return
		}
		r.Flow[StageEndpoint] = Pass
	}
	e.grants(r, v)
}

// singleStage evaluates a stage of one policy, p, which may be nil: the
// stage is then skipped in the trace, with why.
func (e *evaluator) singleStage(st Stage, p *policy.Policy, title, label, why textRef, sv *stageVerdict) {
	if p == nil {
		e.tr.skipStage(st, title, why)
		return
	}
	sv.applies = true
	e.tr.stage(st, label)
	e.policy(p, &sv.verdict)
	e.tr.pop()
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

var _ cond.Context = (*Prepared)(nil)
