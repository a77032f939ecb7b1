// Package whocan answers the question auditors ask first: for an action on
// a resource, which principals of a world are allowed, and by which
// statement. Every IAM user, every role (as a session of it, Identity
// Center's roles included), an unsigned caller and, on request, every
// account's root user are asked, each evaluated against the whole world
// as AWS would.
package whocan

import (
	"sort"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// Options tune a question.
type Options struct {
	// Roots asks the accounts' root users too (they are allowed almost
	// everything in their own account, so they are left out by default).
	Roots bool
	// Context is added to every request (aws:SourceIp, …).
	Context map[string]engine.ContextValue
}

// Answer is one principal's decision.
type Answer struct {
	// Principal is the principal's ARN ("anonymous" for an unsigned caller).
	Principal string `json:"principal"`
	Kind      string `json:"kind"` // user, role, root, anonymous
	Decision  string `json:"decision"`
	// Deciding is the statement that decided (the Allow for an allowed
	// principal), when one did.
	Deciding *Statement `json:"deciding,omitempty"`
	Reason   string     `json:"reason"`
}

// Statement names a statement of the world.
type Statement struct {
	Policy    string       `json:"policy"`
	Statement string       `json:"statement"`
	Effect    string       `json:"effect"`
	Span      *policy.Span `json:"span,omitempty"`
}

// Report is the answer to "who can do action on resource".
type Report struct {
	Action   string   `json:"action"`
	Resource string   `json:"resource"`
	Asked    int      `json:"asked"`
	Allowed  []Answer `json:"allowed"`
	// All holds every principal's answer, allowed or not, in the order
	// asked.
	All []Answer `json:"-"`
}

// Ask evaluates the action on the resource for every principal of the
// scenario's world.
func Ask(s *world.Scenario, action, resource string, opts Options) *Report {
	rep := &Report{Action: action, Resource: resource, Allowed: []Answer{}}
	for _, p := range principals(s.World, opts) {
		req := &world.Request{Name: "who-can", Principal: p.principal, Action: action, Resource: resource, Context: opts.Context, Row: -1, Col: -1}
		o := s.Evaluate(req, engine.Options{})
		a := Answer{Principal: p.arn, Kind: p.kind, Decision: o.Decision.String()}
		st := o.Steps[o.Decider]
		if st.Result != nil {
			a.Reason = st.Result.Reason()
			if d := st.Result.Deciding; d.Valid() {
				a.Deciding = &Statement{Policy: d.Policy.Name, Statement: d.Statement.Label(), Effect: d.Statement.Effect.String(), Span: &d.Statement.Span}
			}
		}
		if st.Note != "" && a.Reason == "" {
			a.Reason = st.Note
		}
		rep.All = append(rep.All, a)
		if o.Decision == engine.Allowed {
			rep.Allowed = append(rep.Allowed, a)
		}
	}
	rep.Asked = len(rep.All)
	sort.SliceStable(rep.Allowed, func(i, j int) bool { return rep.Allowed[i].Principal < rep.Allowed[j].Principal })
	return rep
}

// Principals lists the ARNs of the principals Ask asks, in the world's
// order ("anonymous" last).
func Principals(w *world.World, opts Options) []string {
	var out []string
	for _, c := range principals(w, opts) {
		out = append(out, c.arn)
	}
	return out
}

// One evaluates the action on the resource for the principal of the world
// with this ARN (as Principals lists them); ok is false when there is none.
func One(s *world.Scenario, arn, action, resource string, opts Options) (o *world.Outcome, ok bool) {
	for _, c := range principals(s.World, Options{Roots: true}) {
		if c.arn == arn {
			req := &world.Request{Name: "ask", Principal: c.principal, Action: action, Resource: resource, Context: opts.Context, Row: -1, Col: -1}
			return s.Evaluate(req, engine.Options{Trace: true}), true
		}
	}
	return nil, false
}

type candidate struct {
	principal world.Principal
	arn, kind string
}

// principals lists who to ask, in the world's order.
func principals(w *world.World, opts Options) []candidate {
	var out []candidate
	for _, a := range w.Accounts {
		for _, u := range a.Users {
			p := world.Principal{Kind: world.PrincipalUser, Account: a, User: u, SignIn: "accessKey", MFAAge: 300}
			if u.ConsolePassword {
				p.SignIn, p.MFA = "console", u.MFA
			}
			out = append(out, candidate{p, u.ARN(), "user"})
		}
		for _, r := range a.Roles {
			out = append(out, candidate{world.Principal{Kind: world.PrincipalRole, Account: a, Role: r, SessionName: "who-can", MFAAge: 300}, r.ARN(), "role"})
		}
		if opts.Roots {
			out = append(out, candidate{world.Principal{Kind: world.PrincipalRoot, Account: a, MFA: a.RootMFA, MFAAge: 300}, "arn:aws:iam::" + a.ID + ":root", "root"})
		}
	}
	out = append(out, candidate{world.Principal{Kind: world.PrincipalAnonymous}, "anonymous", "anonymous"})
	return out
}
