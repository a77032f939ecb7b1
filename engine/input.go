package engine

import (
	"slices"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Input is a whole evaluation question: the policies in play and the
// request, in the format `iamplay eval` reads.
type Input struct {
	Name     string
	Policies Policies
	Request  Request
	// Expect is the decision the author expects, when HasExpect is set.
	Expect    Decision
	HasExpect bool

	prepared *Prepared // set by ParseInput when the request is valid
}

// Prepare returns the request prepared for evaluation. ParseInput has
// already prepared (and checked) it; an Input built by hand is prepared now.
func (in *Input) Prepare() (*Prepared, error) {
	if in.prepared != nil {
		return in.prepared, nil
	}
	return Prepare(in.Request)
}

// ParseInput reads an evaluation input:
//
//	{"name": …, "policies": {"identity": [DOC | {"name": …, "document": DOC}],
//	  "resource": DOC, "permissionsBoundary": DOC, "scp": [[DOC…]…],
//	  "rcp": [[DOC…]…], "session": DOC},
//	 "request": {"principal", "action", "resource", "resourceOwner", "context"},
//	 "expect": "allowed"}
//
// A DOC is a policy as a JSON object, or a string holding one. Every problem
// is reported with its position in the file (for a DOC given as a string,
// in that string). Unknown fields are errors.
func ParseInput(name string, src []byte) (*Input, policy.ErrorList) {
	return parseInput(name, src, nil)
}

// Parser reads inputs like ParseInput and remembers the policies it parsed
// from string documents, so that reading an input again after one policy
// changed parses only that policy, and in it only the statements whose
// text changed. The playground keeps one Parser and
// reads the whole input on every keystroke. Parsed policies are never
// modified, so sharing them between inputs is safe; a Parser itself is not
// safe for concurrent use.
type Parser struct {
	docs  map[docKey]parsedDoc
	seen  map[docKey]parsedDoc // used by the current ParseInput
	stmts policy.Memo          // statements, for documents that changed
	// req is the last request prepared without problems, and prepared
	// what Prepare made of it (never modified): while someone edits
	// policies, the request is not prepared again.
	req      Request
	prepared *Prepared
}

// docKey names a document: its policy type and name. Its text is compared
// on each look-up rather than hashed with the key: hashing a large
// policy's text three times on every keystroke (two look-ups and a store)
// cost more than comparing it once.
type docKey struct {
	typ  policy.Type
	name string
}

type parsedDoc struct {
	text string
	pol  *policy.Policy
	errs policy.ErrorList
}

// ParseInput is the package's ParseInput with the parser's memory.
func (p *Parser) ParseInput(name string, src []byte) (*Input, policy.ErrorList) {
	// The map of the input before last is emptied and used for this one.
	if p.seen == nil {
		p.seen = make(map[docKey]parsedDoc, len(p.docs))
	}
	p.stmts.Rotate()
	in, errs := parseInput(name, src, p)
	// Keep only what this input used: memory stays bounded by one input.
	p.docs, p.seen = p.seen, p.docs
	clear(p.seen)
	return in, errs
}

func parseInput(name string, src []byte, memo *Parser) (*Input, policy.ErrorList) {
	text := string(src) // one copy, shared by the source and the parsed strings
	// The input's own positions are wanted only for its problems: a string
	// document has a source of its own.
	r := inputReader{src: policy.LazySource(name, text), memo: memo}
	if len(src) > policy.MaxSize*4 {
		r.errorf(0, 0, "input.tooLarge", "input is "+strconv.Itoa(len(src))+" bytes; the largest accepted is "+strconv.Itoa(policy.MaxSize*4))
		return nil, r.errs
	}
	v, jerr := jsonpos.ParseString(text)
	if jerr != nil {
		r.errorf(jerr.Offset, jerr.Offset+1, jerr.Code, jerr.Msg)
		return nil, r.errs
	}
	in := r.input(v)
	r.errs.Sort()
	return in, r.errs
}

type inputReader struct {
	src  *policy.Source
	errs policy.ErrorList
	memo *Parser
	// where the request's fields and context keys are, for its problems
	reqVal *jsonpos.Value
	ctxVal *jsonpos.Value
}

func (r *inputReader) errorf(start, end int, code, msg string) {
	r.errs.Add(&policy.Error{Policy: r.src.Name, Span: r.src.Span(start, end), Code: code, Msg: msg})
}

func (r *inputReader) bad(v *jsonpos.Value, code, msg string) { r.errorf(v.Start, v.End, code, msg) }

func (r *inputReader) fields(v *jsonpos.Value, where string, known ...string) {
	for _, m := range v.Members {
		ok := false
		for _, k := range known {
			if m.Key == k {
				ok = true
			}
		}
		if !ok {
			r.errorf(m.KeyStart, m.KeyEnd, "input.unknownField", "unknown field "+strconv.Quote(m.Key)+" in "+where+" (expected "+strings.Join(known, ", ")+")")
		}
	}
}

func (r *inputReader) input(v *jsonpos.Value) *Input {
	if v.Kind != jsonpos.Object {
		r.bad(v, "input.notObject", "the input must be a JSON object with \"policies\" and \"request\"")
		return nil
	}
	r.fields(v, "the input", "name", "description", "policies", "request", "expect")
	in := &Input{}
	if n := present(v.Get("name")); n != nil {
		in.Name = r.str(n, "name")
	}
	if e := present(v.Get("expect")); e != nil {
		d, ok := ParseDecision(r.str(e, "expect"))
		if !ok {
			r.bad(e, "input.badExpect", "expect must be \"allowed\", \"explicitDeny\" or \"implicitDeny\"")
		}
		in.Expect, in.HasExpect = d, ok
	}
	req := v.Get("request")
	if req == nil {
		r.errorf(v.Start, v.Start+1, "input.missingRequest", "the input has no \"request\"")
	} else {
		before := len(r.errs)
		r.request(req, &in.Request)
		if len(r.errs) == before {
			r.prepare(in)
		}
	}
	pols := v.Get("policies")
	if pols == nil {
		r.errorf(v.Start, v.Start+1, "input.missingPolicies", "the input has no \"policies\"")
	} else {
		r.policies(pols, &in.Policies, &in.Request)
	}
	return in
}

func (r *inputReader) str(v *jsonpos.Value, what string) string {
	if v.Kind != jsonpos.String {
		r.bad(v, "input.badType", what+" must be a string")
		return ""
	}
	return v.Text
}

// prepare checks the request as Prepare does, reporting a problem at the
// field (or context key) it is about, with the code "request.FIELD".
func (r *inputReader) prepare(in *Input) {
	if m := r.memo; m != nil && m.prepared != nil && sameRequest(m.req, in.Request) {
		in.prepared = m.prepared
		return
	}
	p, err := Prepare(in.Request)
	if err == nil {
		in.prepared = p
		if r.memo != nil {
			r.memo.req, r.memo.prepared = in.Request, p
		}
		return
	}
	re, ok := err.(*RequestError)
	if !ok {
		r.bad(r.reqVal, "request.invalid", err.Error())
		return
	}
	code := "request." + re.Field
	at := r.reqVal
	if fv := r.reqVal.Get(re.Field); fv != nil {
		at = fv
	}
	if re.Key != "" && r.ctxVal != nil {
		// The key's last occurrence, ignoring case: a key given twice is
		// reported where it is repeated.
		for i := len(r.ctxVal.Members) - 1; i >= 0; i-- {
			if m := r.ctxVal.Members[i]; strings.EqualFold(m.Key, re.Key) {
				r.errorf(m.KeyStart, m.KeyEnd, code, re.Msg)
				return
			}
		}
	}
	r.bad(at, code, re.Msg)
}

// sameRequest reports whether a and b are the same request, context
// included.
func sameRequest(a, b Request) bool {
	if a.Principal != b.Principal || a.Action != b.Action || a.Resource != b.Resource ||
		a.ResourceOwner != b.ResourceOwner || len(a.Context) != len(b.Context) {
		return false
	}
	for k, av := range a.Context {
		bv, ok := b.Context[k]
		if !ok || av.Multi != bv.Multi || av.Derived != bv.Derived || av.Note != bv.Note || !slices.Equal(av.Values, bv.Values) {
			return false
		}
	}
	return true
}

func (r *inputReader) request(v *jsonpos.Value, req *Request) {
	r.reqVal = v
	if v.Kind != jsonpos.Object {
		r.bad(v, "input.badType", "request must be an object")
		return
	}
	r.fields(v, "the request", "principal", "action", "resource", "resourceOwner", "context")
	for _, f := range []struct {
		key string
		dst *string
	}{{"principal", &req.Principal}, {"action", &req.Action}, {"resource", &req.Resource}, {"resourceOwner", &req.ResourceOwner}} {
		fv := v.Get(f.key)
		if f.key == "resourceOwner" {
			fv = present(fv) // optional: null means absent
		}
		if fv == nil {
			if f.key != "resourceOwner" {
				r.errorf(v.Start, v.Start+1, "input.missingField", "the request has no \""+f.key+"\"")
			}
			continue
		}
		*f.dst = r.str(fv, "request."+f.key)
	}
	ctx := v.Get("context")
	if ctx == nil || ctx.Kind == jsonpos.Null {
		return
	}
	r.ctxVal = ctx
	if ctx.Kind != jsonpos.Object {
		r.bad(ctx, "input.badType", "request.context must be an object of context keys")
		return
	}
	if len(ctx.Members) > MaxContextKeys {
		r.bad(ctx, "input.tooMany", "the request context has "+strconv.Itoa(len(ctx.Members))+" keys; the most accepted is "+strconv.Itoa(MaxContextKeys))
		return
	}
	req.Context = make(map[string]ContextValue, len(ctx.Members))
	for _, m := range ctx.Members {
		var cv ContextValue
		switch m.Value.Kind {
		case jsonpos.String, jsonpos.Number, jsonpos.Bool:
			cv.Values = []string{m.Value.Text}
		case jsonpos.Array:
			cv.Multi = true
			cv.Values = make([]string, 0, len(m.Value.Items))
			for _, it := range m.Value.Items {
				switch it.Kind {
				case jsonpos.String, jsonpos.Number, jsonpos.Bool:
					cv.Values = append(cv.Values, it.Text)
				default:
					r.bad(it, "input.badType", "context values must be strings, numbers or booleans")
				}
			}
		default:
			r.bad(m.Value, "input.badType", "context key "+strconv.Quote(m.Key)+" must have a string, number, boolean or a list of them")
			continue
		}
		req.Context[m.Key] = cv
	}
}

// present returns v, or nil when v is absent or null: every optional field
// of the input may be given as null.
func present(v *jsonpos.Value) *jsonpos.Value {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	return v
}

func (r *inputReader) policies(v *jsonpos.Value, p *Policies, req *Request) {
	if v.Kind != jsonpos.Object {
		r.bad(v, "input.badType", "policies must be an object")
		return
	}
	r.fields(v, "policies", "identity", "resource", "permissionsBoundary", "scp", "rcp", "session", "vpcEndpoint")
	if id := v.Get("identity"); id != nil && id.Kind != jsonpos.Null {
		switch {
		case id.Kind != jsonpos.Array:
			r.bad(id, "input.badType", "policies.identity must be a list of policies")
		case len(id.Items) > MaxPolicies:
			r.bad(id, "input.tooMany", "policies.identity has "+strconv.Itoa(len(id.Items))+" policies; the most accepted is "+strconv.Itoa(MaxPolicies))
		default:
			for i, it := range id.Items {
				if pol := r.doc(it, policy.Identity, "identity policy "+strconv.Itoa(i+1), true); pol != nil {
					p.Identity = append(p.Identity, pol)
				}
			}
		}
	}
	resType := policy.Resource
	resName := "resource-based policy"
	if TrustGoverned(req.Action, req.Resource) {
		resType, resName = policy.Trust, "role trust policy"
	}
	p.Resource = r.single(v.Get("resource"), resType, resName)
	p.Boundary = r.single(v.Get("permissionsBoundary"), policy.Boundary, "permissions boundary")
	p.Session = r.single(v.Get("session"), policy.Session, "session policy")
	p.Endpoint = r.single(v.Get("vpcEndpoint"), policy.Endpoint, "VPC endpoint policy")
	p.SCP = r.levels(v.Get("scp"), policy.SCP, "SCP")
	p.RCP = r.levels(v.Get("rcp"), policy.RCP, "RCP")
	r.counts(v, p)
}

// counts refuses an input with more policies or statements than MaxPolicies
// and MaxStatements, at the policies object.
func (r *inputReader) counts(v *jsonpos.Value, p *Policies) {
	pols, stmts := 0, 0
	add := func(pol *policy.Policy) {
		if pol != nil {
			pols++
			stmts += len(pol.Statements)
		}
	}
	for _, pol := range p.Identity {
		add(pol)
	}
	add(p.Resource)
	add(p.Boundary)
	add(p.Session)
	add(p.Endpoint)
	for _, ls := range [][][]*policy.Policy{p.SCP, p.RCP} {
		for _, l := range ls {
			for _, pol := range l {
				add(pol)
			}
		}
	}
	switch {
	case pols > MaxPolicies:
		r.bad(v, "input.tooMany", "the input has "+strconv.Itoa(pols)+" policies; the most accepted is "+strconv.Itoa(MaxPolicies))
	case stmts > MaxStatements:
		r.bad(v, "input.tooMany", "the policies have "+strconv.Itoa(stmts)+" statements in all; the most accepted is "+strconv.Itoa(MaxStatements))
	}
}

func (r *inputReader) single(v *jsonpos.Value, typ policy.Type, name string) *policy.Policy {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	return r.doc(v, typ, name, true)
}

func (r *inputReader) levels(v *jsonpos.Value, typ policy.Type, kind string) [][]*policy.Policy {
	if v == nil || v.Kind == jsonpos.Null {
		return nil
	}
	if v.Kind != jsonpos.Array {
		r.bad(v, "input.badType", strings.ToLower(kind)+" must be a list of levels, each a list of policies (root first), or null")
		return nil
	}
	if len(v.Items) > MaxLevels {
		r.bad(v, "input.tooMany", strings.ToLower(kind)+" has "+strconv.Itoa(len(v.Items))+" levels; an organization has at most "+strconv.Itoa(MaxLevels)+" (the root, five levels of OUs and the account)")
		return nil
	}
	out := make([][]*policy.Policy, 0, len(v.Items))
	for li, lvl := range v.Items {
		if lvl.Kind != jsonpos.Array {
			r.bad(lvl, "input.badType", kind+" level "+strconv.Itoa(li+1)+" must be a list of policies")
			continue
		}
		if len(lvl.Items) > MaxPoliciesPerLevel {
			r.bad(lvl, "input.tooMany", kind+" level "+strconv.Itoa(li+1)+" has "+strconv.Itoa(len(lvl.Items))+" policies; AWS attaches at most "+strconv.Itoa(MaxPoliciesPerLevel)+" to a node")
			continue
		}
		var list []*policy.Policy
		for pi, it := range lvl.Items {
			if pol := r.doc(it, typ, kind+" level "+strconv.Itoa(li+1)+" policy "+strconv.Itoa(pi+1), true); pol != nil {
				list = append(list, pol)
			}
		}
		out = append(out, list)
	}
	return out
}

// doc reads a DOC: a policy object, a string holding one, or (when named is
// allowed) {"name": …, "document": DOC}.
func (r *inputReader) doc(v *jsonpos.Value, typ policy.Type, name string, named bool) *policy.Policy {
	switch v.Kind {
	case jsonpos.String:
		srcName := name
		if r.src.Name != "" {
			srcName = r.src.Name + " (" + name + ")"
		}
		key := docKey{typ: typ, name: srcName}
		d, ok := parsedDoc{}, false
		if r.memo != nil {
			if d, ok = r.memo.seen[key]; !ok || d.text != v.Text {
				d, ok = r.memo.docs[key]
				ok = ok && d.text == v.Text
			}
		}
		if !ok {
			d = parsedDoc{text: v.Text}
			if r.memo != nil {
				d.pol, d.errs = policy.ParseMemo(srcName, v.Text, typ, &r.memo.stmts)
			} else {
				d.pol, d.errs = policy.Parse(srcName, []byte(v.Text), typ)
			}
			if d.pol != nil {
				d.pol.Name = name
			}
		}
		if r.memo != nil {
			r.memo.seen[key] = d
		}
		r.errs = append(r.errs, d.errs...)
		return d.pol
	case jsonpos.Object:
		if named && v.Get("document") != nil {
			r.fields(v, "a named policy", "name", "document")
			if n := v.Get("name"); n != nil {
				if s := r.str(n, "name"); s != "" {
					name = s
				}
			}
			return r.doc(v.Get("document"), typ, name, false)
		}
		pol, errs := policy.FromJSON(r.src, v, typ)
		r.errs = append(r.errs, errs...)
		if pol != nil {
			pol.Name = name
		}
		return pol
	}
	r.bad(v, "input.badType", name+" must be a policy document (an object, or a string holding one)")
	return nil
}
