package lint

import (
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Context is what lint knows about where a policy is used.
type Context struct {
	// Catalog is the reference to check against; nil means catalog.Load().
	Catalog *catalog.Catalog
	// Account is the account that owns the policy (a trust policy's role),
	// "" when unknown.
	Account string
	// Trusted reports whether an account is inside the zone of trust (the
	// organization); nil when unknown.
	Trusted func(account string) bool
}

// Policy checks one parsed policy.
func Policy(p *policy.Policy, ctx Context) []Finding {
	if p == nil {
		return nil
	}
	if ctx.Catalog == nil {
		ctx.Catalog = catalog.Load()
	}
	l := &linter{ctx: ctx, cat: ctx.Catalog, pol: p, expanded: map[string][]*catalog.Action{}}
	for _, s := range p.Statements {
		l.statement(s)
	}
	l.redundant()
	l.variables()
	Sort(l.out)
	return l.out
}

type linter struct {
	report
	ctx      Context
	cat      *catalog.Catalog
	pol      *policy.Policy
	expanded map[string][]*catalog.Action // by lower-cased pattern
}

func (l *linter) add(sp policy.Span, code, msg string) { l.report.add(l.pol.Source, sp, code, msg) }

// stmt is a statement with its actions resolved against the catalog.
type stmt struct {
	*policy.Statement
	// any is true when an action item is "*"; unknown when an item names
	// something the catalog does not know. actions holds the others'
	// expansions, per item.
	any, unknown bool
	actions      [][]*catalog.Action
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// expand lists the actions an Action item covers, remembered per policy.
func (l *linter) expand(pattern string) []*catalog.Action {
	k := strings.ToLower(pattern)
	if as, ok := l.expanded[k]; ok {
		return as
	}
	as := l.cat.Expand(pattern)
	l.expanded[k] = as
	return as
}

func (l *linter) statement(ps *policy.Statement) {
	s := &stmt{Statement: ps}
	s.actions = make([][]*catalog.Action, len(ps.Actions.Items))
	for i, a := range ps.Actions.Items {
		if a.Text == "*" {
			s.any = true
			continue
		}
		if !l.knownAction(a.Value) {
			s.unknown = true
			continue
		}
		s.actions[i] = l.expand(a.Text)
	}
	if !ps.Actions.Not {
		l.resources(s)
		l.security(s)
	} else if ps.Effect == policy.Allow && grants(l.pol.Type) {
		l.add(ps.Actions.Span, "security.allowNotAction", "Allow with NotAction allows every action not listed, in every service, including ones AWS adds later; list the actions to allow instead")
	}
	l.conditions(s)
	if ps.Effect == policy.Allow && ps.Resources != nil && ps.Resources.Not && grants(l.pol.Type) {
		l.add(ps.Resources.Span, "security.allowNotResource", "Allow with NotResource allows every resource not listed, in every service, including resources created later; list the resources to allow instead")
	}
}

// grants reports whether a policy of the type can grant access (boundaries,
// SCPs and RCPs only limit it).
func grants(t policy.Type) bool {
	return t == policy.Identity || t == policy.Resource || t == policy.Trust
}

// knownAction reports (once per item) an action whose service or name the
// catalog does not know; it returns whether the action is known.
func (l *linter) knownAction(v policy.Value) bool {
	svc, name, ok := strings.Cut(v.Text, ":")
	if !ok || strings.IndexFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '*' || r == '?')
	}) >= 0 || name == "" {
		return false // the parser has already said why it never matches
	}
	s := l.cat.Service(svc)
	if s == nil {
		msg := "no AWS service has the prefix " + q(svc) + ", so " + q(v.Text) + " matches no request"
		if d := l.cat.SuggestService(svc); d != "" {
			msg += "; did you mean " + q(d+":"+name) + "?"
		}
		l.add(v.Span, "action.unknownService", msg)
		return false
	}
	if hasWildcard(name) {
		if len(l.expand(v.Text)) == 0 {
			l.add(v.Span, "action.matchesNothing", q(v.Text)+" matches no action of "+s.Name+" ("+s.Prefix+")")
			return false
		}
		return true
	}
	if s.Action(name) == nil {
		msg := s.Name + " has no action " + q(name) + ", so " + q(v.Text) + " matches no request"
		if d := s.SuggestAction(name); d != "" {
			msg += "; did you mean " + q(s.Prefix+":"+d) + "?"
		}
		l.add(v.Span, "action.unknown", msg)
		return false
	}
	return true
}
