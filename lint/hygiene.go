package lint

import (
	"sort"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
)

// redundant reports a statement that another statement of the policy
// makes useless: same effect, principal and conditions (or none on the
// other), and the other's actions and resources cover its own.
func (l *linter) redundant() {
	st := l.pol.Statements
	for i, a := range st {
		for j, b := range st {
			if i == j || (j > i && covers(a, b)) || !covers(b, a) {
				// identical statements: report the later one only
				continue
			}
			l.add(a.Span, "statement.redundant", a.Label()+" is redundant: "+b.Label()+" already "+strings.ToLower(b.Effect.String())+"s everything it does; remove it")
			break
		}
	}
}

// covers reports whether statement b applies wherever a does.
func covers(b, a *policy.Statement) bool {
	if a.Effect != b.Effect || a.Actions.Not || b.Actions.Not || len(a.Actions.Items) == 0 {
		return false
	}
	if principalText(a.Principal) != principalText(b.Principal) {
		return false
	}
	if len(b.Conditions) > 0 && conditionText(a.Conditions) != conditionText(b.Conditions) {
		return false
	}
	for _, x := range a.Actions.Items {
		if !anyCovers(b.Actions.Items, x.Text, true) {
			return false
		}
	}
	switch {
	case a.Resources == nil && b.Resources == nil:
		return true
	case a.Resources == nil || b.Resources == nil || a.Resources.Not || b.Resources.Not:
		return false
	}
	for _, x := range a.Resources.Items {
		var pats []policy.Action
		for _, y := range b.Resources.Items {
			pats = append(pats, policy.Action{Value: y.Value})
		}
		if !anyCovers(pats, x.Text, false) {
			return false
		}
	}
	return true
}

// anyCovers reports whether a pattern covers every string x matches: it is
// "*", equal to x, or a literal prefix ending in "*" that x starts with.
func anyCovers(pats []policy.Action, x string, fold bool) bool {
	for _, p := range pats {
		t := p.Text
		if fold {
			t, x = strings.ToLower(t), strings.ToLower(x)
		}
		switch {
		case t == "*" || t == x:
			return true
		case strings.HasSuffix(t, "*") && !hasWildcard(t[:len(t)-1]) && strings.HasPrefix(x, t[:len(t)-1]):
			return true
		case !hasWildcard(x) && !strings.Contains(x, "${") && fold && catalog.Glob(t, x):
			return true
		}
	}
	return false
}

func principalText(p *policy.Principal) string {
	if p == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.FormatBool(p.Not))
	for _, id := range p.Items {
		b.WriteString("|" + id.Kind + "=" + id.Text)
	}
	return b.String()
}

func conditionText(cs []*policy.Condition) string {
	var parts []string
	for _, c := range cs {
		s := c.Operator.String() + "|" + c.KeyLower
		for _, v := range c.Values {
			s += "|" + v.Text
		}
		parts = append(parts, s)
	}
	sort.Strings(parts)
	return strings.Join(parts, "\n")
}

// variables reports policy variables in a policy that AWS does not
// substitute: IAM User Guide, "IAM policy elements: Variables and tags":
// "you must include the Version element and set it to 2012-10-17. Earlier
// versions … treat the variables as literal strings".
func (l *linter) variables() {
	if l.pol.Vars {
		return
	}
	why := "the policy has no Version"
	if l.pol.Version != "" {
		why = "the policy's Version is " + l.pol.Version
	}
	for _, s := range l.pol.Statements {
		var vals []policy.Value
		if s.Resources != nil {
			for _, r := range s.Resources.Items {
				vals = append(vals, r.Value)
			}
		}
		for _, c := range s.Conditions {
			vals = append(vals, c.Values...)
		}
		for _, v := range vals {
			if i := strings.Index(v.Text, "${"); i >= 0 && strings.Contains(v.Text[i:], "}") {
				l.add(v.Span, "policy.variablesIgnored", why+", so AWS reads "+q(v.Text)+" literally, ${…} included; add \"Version\": \"2012-10-17\"")
			}
		}
	}
}
