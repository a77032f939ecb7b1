package policy

import (
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/cond"
	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
	"github.com/iamplayground/iamplay/engine/internal/match"
)

// MaxSize is the largest document Parse reads, in bytes. AWS's own limits
// are far smaller (6,144 characters for a managed policy, 20 KB for a bucket
// policy); anything beyond this is rejected before it is parsed.
const MaxSize = 1 << 20

// Size limits AWS applies, in characters not counting white space. Going
// over is reported as a warning: the playground still evaluates the policy.
var sizeLimits = map[Type]int{
	Identity: 10240, // the largest inline policy, a role's
	Resource: 20480, // S3 bucket policies
	Boundary: 6144,  // managed policy
	SCP:      5120,
	RCP:      5120,
	Session:  2048,
	Trust:    4096, // the raised quota; 2,048 by default
	Endpoint: 20480,
}

// Parse parses and validates one policy document of the given type. It
// returns the policy even when it found problems, as far as it could be
// understood, together with every problem found; the policy is nil only
// when the text is not a JSON object at all.
func Parse(name string, src []byte, typ Type) (*Policy, ErrorList) {
	return parse(name, string(src), typ, nil)
}

// parse reads text; the parsed strings, the source and the memo's keys all
// share it.
func parse(name string, text string, typ Type, memo *Memo) (*Policy, ErrorList) {
	source := NewSource(name, text)
	if len(text) > MaxSize {
		var errs ErrorList
		errs.Add(&Error{Policy: name, Span: source.Span(0, 0), Code: "policy.tooLarge",
			Msg:      "document is " + strconv.Itoa(len(text)) + " bytes; the playground reads at most " + strconv.Itoa(MaxSize) + " (AWS's own limits are far lower)",
			Severity: SevError})
		return nil, errs
	}
	var v *jsonpos.Value
	var jerr *jsonpos.Error
	if memo != nil && memo.len() > 0 {
		// Statements the memo holds are not parsed again, not even as JSON.
		v, jerr = jsonpos.ParseKnown(text, "Statement", func(stmt string) bool { return memo.has(typ, stmt) })
	} else {
		v, jerr = jsonpos.ParseString(text)
	}
	if jerr != nil {
		var errs ErrorList
		errs.Add(&Error{Policy: name, Span: source.Span(jerr.Offset, jerr.Offset+1), Code: jerr.Code, Msg: jerr.Msg})
		return nil, errs
	}
	p := &parser{src: source, typ: typ, memo: memo, text: text}
	return p.run(v)
}

// FromJSON builds a policy from an already parsed JSON value whose offsets
// point into source. Tools that embed policies in larger files use it so
// that positions refer to the file.
func FromJSON(source *Source, v *jsonpos.Value, typ Type) (*Policy, ErrorList) {
	p := &parser{src: source, typ: typ}
	return p.run(v)
}

func (p *parser) run(v *jsonpos.Value) (*Policy, ErrorList) {
	pol := p.policy(v)
	p.errs.Sort()
	return pol, p.errs
}

type parser struct {
	src  *Source
	typ  Type
	errs ErrorList
	vars bool
	memo *Memo  // statements parsed before, or nil
	text string // the source as a string, for memo keys
}

func (p *parser) span(v *jsonpos.Value) Span { return p.src.Span(v.Start, v.End) }

func (p *parser) keySpan(m *jsonpos.Member) Span { return p.src.Span(m.KeyStart, m.KeyEnd) }

func (p *parser) errorf(sp Span, code, msg string) {
	p.errs.Add(&Error{Policy: p.src.Name, Span: sp, Code: code, Msg: msg, Severity: SevError})
}

func (p *parser) warnf(sp Span, code, msg string) {
	p.errs.Add(&Error{Policy: p.src.Name, Span: sp, Code: code, Msg: msg, Severity: SevWarning})
}

// element names are case-sensitive in IAM; a near miss gets a suggestion.
func (p *parser) unknown(m *jsonpos.Member, known []string, where string) {
	msg := "unknown element " + strconv.Quote(m.Key) + " in " + where
	for _, k := range known {
		if strings.EqualFold(k, m.Key) {
			msg += ": element names are case-sensitive, write " + strconv.Quote(k)
			break
		}
	}
	if !strings.Contains(msg, "write") {
		msg += " (expected one of " + strings.Join(known, ", ") + ")"
	}
	p.errorf(p.keySpan(m), "policy.unknownElement", msg)
}

var policyElements = []string{"Version", "Id", "Statement"}

func (p *parser) policy(v *jsonpos.Value) *Policy {
	if v.Kind != jsonpos.Object {
		p.errorf(p.span(v), "policy.notObject", "a policy document must be a JSON object, not "+article(v.Kind))
		return nil
	}
	pol := &Policy{Name: p.src.Name, Type: p.typ, Source: p.src, Span: p.span(v)}
	p.sizeCheck(v)
	if ver := v.Get("Version"); ver != nil {
		if ver.Kind != jsonpos.String {
			p.errorf(p.span(ver), "policy.badVersion", "Version must be a string such as \"2012-10-17\"")
		} else {
			switch ver.Text {
			case "2012-10-17", "2008-10-17":
				pol.Version = ver.Text
			default:
				p.errorf(p.span(ver), "policy.badVersion", "Version "+strconv.Quote(ver.Text)+" is not a policy language version; use \"2012-10-17\"")
			}
		}
	}
	pol.Vars = pol.Version == "2012-10-17"
	p.vars = pol.Vars
	var stmtVal *jsonpos.Value
	for i := range v.Members {
		m := &v.Members[i]
		switch m.Key {
		case "Version":
		case "Id":
			if m.Value.Kind != jsonpos.String {
				p.errorf(p.span(m.Value), "policy.badType", "Id must be a string")
			} else {
				pol.ID = m.Value.Text
			}
		case "Statement":
			stmtVal = m.Value
		default:
			p.unknown(m, policyElements, "the policy")
		}
	}
	if stmtVal == nil {
		p.errorf(p.src.Span(v.Start, v.Start+1), "policy.missingStatement", "the policy has no Statement element")
		return pol
	}
	switch stmtVal.Kind {
	case jsonpos.Object:
		if s := p.memoStatement(stmtVal, 0); s != nil {
			pol.Statements = append(pol.Statements, s)
		}
	case jsonpos.Array:
		if len(stmtVal.Items) == 0 {
			p.errorf(p.span(stmtVal), "policy.missingStatement", "Statement is an empty list: a policy needs at least one statement")
		}
		for i, item := range stmtVal.Items {
			if s := p.memoStatement(item, i); s != nil {
				pol.Statements = append(pol.Statements, s)
			}
		}
	default:
		p.errorf(p.span(stmtVal), "policy.badType", "Statement must be an object or a list of objects, not "+article(stmtVal.Kind))
	}
	for _, s := range pol.Statements {
		pol.Tests += len(s.Conditions)
		if s.Principal != nil {
			pol.Tests++
		}
	}
	if len(pol.Statements) >= minTableStatements {
		pol.Table = NewTable(pol.Statements)
	}
	p.checkSids(pol)
	if v.Get("Version") == nil {
		p.warnf(p.src.Span(v.Start, v.Start+1), "policy.noVersion",
			"the policy has no Version: AWS then uses 2008-10-17, which does not substitute policy variables; add \"Version\": \"2012-10-17\"")
	}
	return pol
}

func (p *parser) sizeCheck(v *jsonpos.Value) {
	limit, ok := sizeLimits[p.typ]
	if !ok {
		return
	}
	n := size(p.src.Text[v.Start:v.End])
	if n > limit {
		p.warnf(p.src.Span(v.Start, v.Start+1), "policy.sizeLimit",
			"the policy has "+strconv.Itoa(n)+" characters (not counting white space); AWS accepts at most "+strconv.Itoa(limit)+" for a "+p.typ.Title())
	}
}

// size counts a policy text's characters, not counting white space, as AWS
// counts them against its size quotas. It runs on every keystroke over the
// edited policy, so it adds a table's entry per byte rather than testing
// each: in the browser's WebAssembly, where the tests did not compile to
// anything faster, they took 8% of a keystroke's evaluation of a
// 100-statement policy (node --cpu-prof, BenchmarkKeystroke100Statements).
func size(text string) int {
	n := 0
	for i := 0; i < len(text); i++ {
		n += int(counted[text[i]])
	}
	return n
}

// counted is 1 for a byte that starts a character other than white space:
// not a space, tab, newline or carriage return, nor a UTF-8 continuation
// byte (10xxxxxx).
var counted = func() (t [256]uint8) {
	for c := range t {
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' && (c < 0x80 || c >= 0xC0) {
			t[c] = 1
		}
	}
	return t
}()

// Size is the policy's size as AWS counts it against its quotas: its
// characters, not counting white space.
func (p *Policy) Size() int {
	if p.Source == nil {
		return 0
	}
	return size(p.Source.Text[p.Span.Start.Offset:p.Span.End.Offset])
}

func (p *parser) checkSids(pol *Policy) {
	seen := map[string]bool{}
	for _, s := range pol.Statements {
		if s.Sid == "" {
			continue
		}
		if seen[s.Sid] {
			p.errorf(s.Span, "statement.duplicateSid", "Sid "+strconv.Quote(s.Sid)+" is used by more than one statement; Sids must be unique within a policy")
		}
		seen[s.Sid] = true
	}
}

var statementElements = []string{"Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"}

func (p *parser) statement(v *jsonpos.Value, index int) *Statement {
	if v.Kind != jsonpos.Object {
		p.errorf(p.span(v), "policy.badType", "a statement must be a JSON object, not "+article(v.Kind))
		return nil
	}
	s := &Statement{Index: index, Span: p.span(v)}
	var action, notAction, resource, notResource, principal, notPrincipal *jsonpos.Member
	effectSeen := false
	for i := range v.Members {
		m := &v.Members[i]
		switch m.Key {
		case "Sid":
			if m.Value.Kind != jsonpos.String {
				p.errorf(p.span(m.Value), "policy.badType", "Sid must be a string")
				continue
			}
			s.Sid = m.Value.Text
			p.checkSid(m.Value)
		case "Effect":
			effectSeen = true
			s.EffectSpan = p.span(m.Value)
			switch {
			case m.Value.Kind == jsonpos.String && m.Value.Text == "Allow":
				s.Effect = Allow
			case m.Value.Kind == jsonpos.String && m.Value.Text == "Deny":
				s.Effect = Deny
			default:
				msg := "Effect must be \"Allow\" or \"Deny\""
				if m.Value.Kind == jsonpos.String {
					msg = "Effect " + strconv.Quote(m.Value.Text) + " is not valid: it must be \"Allow\" or \"Deny\" (case-sensitive)"
				}
				p.errorf(s.EffectSpan, "statement.badEffect", msg)
				return nil
			}
		case "Action":
			action = m
		case "NotAction":
			notAction = m
		case "Resource":
			resource = m
		case "NotResource":
			notResource = m
		case "Principal":
			principal = m
		case "NotPrincipal":
			notPrincipal = m
		case "Condition":
			s.Conditions = p.conditions(m.Value)
		default:
			p.unknown(m, statementElements, "a statement")
		}
	}
	if !effectSeen {
		p.errorf(s.Span, "statement.missingEffect", "the statement has no Effect: add \"Effect\": \"Allow\" or \"Deny\"")
		return nil
	}
	ok := true
	switch {
	case action != nil && notAction != nil:
		p.errorf(p.keySpan(notAction), "statement.actionAndNotAction", "a statement may have Action or NotAction, not both")
		ok = false
	case action != nil:
		ok = p.actions(&s.Actions, action, false) && ok
	case notAction != nil:
		ok = p.actions(&s.Actions, notAction, true) && ok
	default:
		p.errorf(s.Span, "statement.missingAction", "the statement has no Action or NotAction")
		ok = false
	}
	switch {
	case resource != nil && notResource != nil:
		p.errorf(p.keySpan(notResource), "statement.resourceAndNotResource", "a statement may have Resource or NotResource, not both")
		ok = false
	case p.typ == Trust && (resource != nil || notResource != nil):
		m := resource
		if m == nil {
			m = notResource
		}
		p.errorf(p.keySpan(m), "statement.resourceNotAllowed", "a role trust policy has no Resource element: the role itself is the resource")
	case resource != nil:
		s.Resources = p.resources(resource, false)
		ok = s.Resources != nil && ok
	case notResource != nil:
		s.Resources = p.resources(notResource, true)
		ok = s.Resources != nil && ok
	case p.typ != Trust:
		p.errorf(s.Span, "statement.missingResource", "the statement has no Resource or NotResource")
		ok = false
	}
	switch {
	case principal != nil && notPrincipal != nil:
		p.errorf(p.keySpan(notPrincipal), "statement.principalAndNotPrincipal", "a statement may have Principal or NotPrincipal, not both")
		ok = false
	case principal != nil || notPrincipal != nil:
		m, not := principal, false
		if m == nil {
			m, not = notPrincipal, true
		}
		switch p.typ {
		case Identity, Boundary, Session, SCP:
			p.errorf(p.keySpan(m), "statement.principalNotAllowed",
				"a "+p.typ.Title()+" must not have a "+m.Key+" element: it applies to the identity it is attached to")
			ok = false
		default:
			if not && p.typ == RCP {
				p.errorf(p.keySpan(m), "statement.principalNotAllowed", "resource control policies do not support NotPrincipal")
				ok = false
			}
			s.Principal = p.principal(m, not)
			ok = s.Principal != nil && ok
		}
	default:
		switch p.typ {
		case Resource, Trust, RCP, Endpoint:
			p.errorf(s.Span, "statement.missingPrincipal", "a "+p.typ.Title()+" statement must name a Principal")
			ok = false
		}
	}
	if p.typ == RCP && s.Effect == Allow {
		p.errorf(s.EffectSpan, "statement.rcpAllow", "resource control policies only restrict: write Deny statements (AWS attaches RCPFullAWSAccess, which allows everything, to every node)")
		ok = false
	}
	if !ok {
		return nil
	}
	return s
}

func (p *parser) checkSid(v *jsonpos.Value) {
	if p.typ != Identity && p.typ != Boundary && p.typ != Session {
		return // resource-based policies accept spaces and punctuation in Sids
	}
	for _, r := range v.Text {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			p.errorf(p.span(v), "statement.badSid", "Sid "+strconv.Quote(v.Text)+" may contain only letters and digits in an IAM policy")
			return
		}
	}
}

// stringList reads a string or a list of strings.
func (p *parser) stringList(m *jsonpos.Member) ([]Value, bool) {
	v := m.Value
	switch v.Kind {
	case jsonpos.String:
		return []Value{{Text: v.Text, Span: p.span(v)}}, true
	case jsonpos.Array:
		if len(v.Items) == 0 {
			p.errorf(p.span(v), "policy.emptyList", m.Key+" is an empty list")
			return nil, false
		}
		out := make([]Value, 0, len(v.Items))
		ok := true
		for _, it := range v.Items {
			if it.Kind != jsonpos.String {
				p.errorf(p.span(it), "policy.badType", m.Key+" entries must be strings, not "+article(it.Kind))
				ok = false
				continue
			}
			out = append(out, Value{Text: it.Text, Span: p.span(it)})
		}
		return out, ok
	}
	p.errorf(p.span(v), "policy.badType", m.Key+" must be a string or a list of strings, not "+article(v.Kind))
	return nil, false
}

func (p *parser) actions(a *Actions, m *jsonpos.Member, not bool) bool {
	a.Not = not
	a.Span = p.src.Span(m.KeyStart, m.Value.End)
	vals, ok := p.stringList(m)
	a.Items = make([]Action, 0, len(vals))
	for _, v := range vals {
		msg, warning := checkAction(v.Text)
		switch {
		case msg != "" && !warning:
			p.errorf(v.Span, "action.malformed", msg)
			ok = false
			continue
		case msg != "":
			p.warnf(v.Span, "action.neverMatches", msg)
		}
		a.Items = append(a.Items, Action{Value: v, Pattern: match.CompileLower(v.Text)})
	}
	return ok
}

// checkAction validates "service:action" (or "*") as IAM does when a policy
// is created. IAM refuses a document (MalformedPolicyDocument) whose action
// has no service prefix ("Actions/Conditions must be prefaced by a vendor"),
// more than one colon ("Actions/Condition can contain only one colon"), or a
// wildcard or other stray character in the prefix ("Action vendors … must
// not contain wildcards"); the IAM JSON policy grammar ("Grammar of the IAM
// JSON policy language") gives an action as <service>:<action name>. IAM
// does not check the action name itself: a name with a character no action
// has (a comma, a space) is accepted and simply never matches, so it is a
// warning here (warning true), not an error.
func checkAction(s string) (msg string, warning bool) {
	if s == "*" {
		return "", false
	}
	svc, act, found := strings.Cut(s, ":")
	switch {
	case !found || svc == "":
		return "action " + strconv.Quote(s) + " must be prefaced by a service, as in \"s3:GetObject\" (IAM rejects the policy)", false
	case strings.Contains(act, ":"):
		return "action " + strconv.Quote(s) + " has more than one colon; IAM rejects the policy (an action is service:action, such as \"s3:GetObject\")", false
	}
	for _, r := range svc {
		if r == '*' || r == '?' {
			return "action " + strconv.Quote(s) + " has a wildcard in its service prefix " + strconv.Quote(svc) + "; IAM rejects the policy (wildcards belong after the colon, as in \"s3:Get*\")", false
		}
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return "action " + strconv.Quote(s) + " has an invalid service prefix " + strconv.Quote(svc) + "; IAM rejects the policy", false
		}
	}
	if act == "" {
		return "action " + strconv.Quote(s) + " has no action name after the colon, so it matches no request (did you mean \"" + svc + ":*\"?)", true
	}
	for _, r := range act {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '*' || r == '?') {
			hint := ""
			if r == ',' {
				hint = " (list several actions as separate strings: [\"" + svc + ":A\", \"" + svc + ":B\"])"
			}
			return "action " + strconv.Quote(s) + " contains " + strconv.QuoteRune(r) + ", which no action name has, so it matches no request" + hint, true
		}
	}
	return "", false
}

func (p *parser) resources(m *jsonpos.Member, not bool) *Resources {
	r := &Resources{Not: not, Span: p.src.Span(m.KeyStart, m.Value.End)}
	vals, ok := p.stringList(m)
	r.Items = make([]ResourcePattern, 0, len(vals))
	for _, v := range vals {
		rp := ResourcePattern{Value: v, Any: v.Text == "*"}
		if !rp.Any {
			if msg := checkARN(v.Text); msg != "" {
				p.errorf(v.Span, "resource.malformed", msg)
				ok = false
				continue
			}
		}
		if p.vars && varBeforeResourcePart(v.Text) {
			// IAM User Guide, "IAM JSON policy elements: Resource": a policy
			// variable may be used only in the part of the ARN that
			// identifies the specific resource (its trailing part).
			p.warnf(v.Span, "variable.notInResourcePart", "policy variables are substituted only in the resource part of an ARN (after its fifth colon); here \"${…}\" is matched as written")
		} else if p.vars {
			t, problems := parseTemplate(v.Text)
			for _, msg := range problems {
				p.warnf(v.Span, "variable.malformed", msg)
			}
			if t != nil {
				rp.Tmpl = t
			}
		}
		if rp.Tmpl == nil {
			rp.Pattern = match.CompileARN(v.Text)
		}
		r.Items = append(r.Items, rp)
	}
	if !ok {
		return nil
	}
	return r
}

// varBeforeResourcePart reports whether a "${" stands before the fifth colon
// of an ARN pattern (colons inside a variable's braces do not count).
func varBeforeResourcePart(s string) bool {
	colons, depth := 0, 0
	for i := 0; i < len(s) && colons < 5; i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			return true
		case s[i] == '{':
			depth++
		case s[i] == '}' && depth > 0:
			depth--
		case s[i] == ':' && depth == 0:
			colons++
		}
	}
	return false
}

// checkARN validates the shape arn:partition:service:region:account:resource.
func checkARN(s string) string {
	if !strings.HasPrefix(s, "arn:") {
		return "resource " + strconv.Quote(s) + " is not an ARN: it must start with \"arn:\" (or be \"*\")"
	}
	var parts [6]string
	rest := s
	for i := 0; i < 5; i++ {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return "resource " + strconv.Quote(s) + " is a malformed ARN: it needs six parts, arn:partition:service:region:account:resource"
		}
		parts[i], rest = rest[:j], rest[j+1:]
	}
	parts[5] = rest
	if parts[1] == "" {
		return "resource " + strconv.Quote(s) + " is a malformed ARN: the partition (such as \"aws\") is empty"
	}
	if parts[2] == "" {
		return "resource " + strconv.Quote(s) + " is a malformed ARN: the service is empty"
	}
	if parts[5] == "" {
		return "resource " + strconv.Quote(s) + " is a malformed ARN: the resource part is empty"
	}
	return ""
}

func (p *parser) principal(m *jsonpos.Member, not bool) *Principal {
	pr := &Principal{Not: not, Span: p.src.Span(m.KeyStart, m.Value.End)}
	v := m.Value
	if v.Kind == jsonpos.String {
		if v.Text != "*" {
			p.errorf(p.span(v), "principal.malformed", m.Key+" must be \"*\" or an object such as {\"AWS\": \"arn:aws:iam::111122223333:root\"}")
			return nil
		}
		pr.Any = true
		return pr
	}
	if v.Kind != jsonpos.Object {
		p.errorf(p.span(v), "principal.malformed", m.Key+" must be \"*\" or an object, not "+article(v.Kind))
		return nil
	}
	if len(v.Members) == 0 {
		p.errorf(p.span(v), "principal.malformed", m.Key+" is an empty object: name at least one principal")
		return nil
	}
	ok := true
	for i := range v.Members {
		km := &v.Members[i]
		switch km.Key {
		case "AWS", "Service", "Federated", "CanonicalUser":
		default:
			msg := "unknown principal type " + strconv.Quote(km.Key) + " (expected AWS, Service, Federated or CanonicalUser)"
			for _, k := range []string{"AWS", "Service", "Federated", "CanonicalUser"} {
				if strings.EqualFold(k, km.Key) {
					msg = "principal type " + strconv.Quote(km.Key) + " must be written " + strconv.Quote(k)
				}
			}
			p.errorf(p.keySpan(km), "principal.badType", msg)
			ok = false
			continue
		}
		vals, good := p.stringList(km)
		ok = ok && good
		for _, val := range vals {
			id := PrincipalID{Value: val, Kind: km.Key}
			if msg := canonicalPrincipal(&id); msg != "" {
				p.errorf(val.Span, "principal.malformed", msg)
				ok = false
				continue
			}
			if id.Any && km.Key == "AWS" {
				pr.Any = true
			}
			pr.Items = append(pr.Items, id)
		}
	}
	if !ok {
		return nil
	}
	return pr
}

// canonicalPrincipal checks one principal value and fills in its canonical
// account and ARN.
func canonicalPrincipal(id *PrincipalID) string {
	s := id.Text
	switch id.Kind {
	case "AWS":
		if s == "*" {
			id.Any = true
			return ""
		}
		if IsAccountID(s) {
			id.Account = s
			id.ARN = "arn:aws:iam::" + s + ":root"
			return ""
		}
		if !strings.HasPrefix(s, "arn:") {
			if isUniqueID(s) {
				id.ARN = s
				return ""
			}
			return "AWS principal " + strconv.Quote(s) + " must be an account id (12 digits), an ARN or \"*\""
		}
		parts := strings.SplitN(s, ":", 6)
		if len(parts) != 6 || (parts[2] != "iam" && parts[2] != "sts") || !IsAccountID(parts[4]) {
			return "AWS principal " + strconv.Quote(s) + " is not a valid IAM or STS ARN (arn:aws:iam::ACCOUNT:user/NAME, role/NAME or root)"
		}
		if strings.ContainsAny(s, "*?") {
			return "AWS principal " + strconv.Quote(s) + " contains a wildcard: Principal accepts \"*\" alone; use the aws:PrincipalArn condition key with ArnLike for patterns"
		}
		res := parts[5]
		switch {
		case res == "root",
			strings.HasPrefix(res, "user/") && parts[2] == "iam",
			strings.HasPrefix(res, "role/") && parts[2] == "iam",
			strings.HasPrefix(res, "assumed-role/") && parts[2] == "sts" && strings.Count(res, "/") >= 2,
			strings.HasPrefix(res, "federated-user/") && parts[2] == "sts":
		default:
			return "AWS principal " + strconv.Quote(s) + " names neither an account root, a user, a role nor a session"
		}
		id.Account = parts[4]
		id.ARN = s
	case "Service":
		if s == "*" {
			id.Any = true
			return ""
		}
		if !strings.Contains(s, ".") || strings.ContainsAny(s, " /:") {
			return "service principal " + strconv.Quote(s) + " should look like \"ec2.amazonaws.com\""
		}
	case "Federated":
		if s == "" {
			return "Federated principal is empty"
		}
	case "CanonicalUser":
		if len(s) != 64 {
			return "CanonicalUser " + strconv.Quote(s) + " must be a 64-character canonical user id"
		}
	}
	return ""
}

// IsAccountID reports whether s is a 12-digit AWS account id.
func IsAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// isUniqueID recognizes IAM unique ids such as AIDA… (users) and AROA… (roles).
func isUniqueID(s string) bool {
	if len(s) < 16 {
		return false
	}
	switch s[:4] {
	case "AIDA", "AROA", "AGPA", "ANPA", "AIPA":
	default:
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func (p *parser) conditions(v *jsonpos.Value) []*Condition {
	if v.Kind != jsonpos.Object {
		p.errorf(p.span(v), "condition.malformed", "Condition must be an object of operators, such as {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}}")
		return nil
	}
	var out []*Condition
	for i := range v.Members {
		om := &v.Members[i]
		op, err := cond.ParseOperator(om.Key)
		if err != nil {
			p.errorf(p.keySpan(om), "condition.unknownOperator", err.Error())
			continue
		}
		if om.Value.Kind != jsonpos.Object {
			p.errorf(p.span(om.Value), "condition.malformed", "operator "+om.Key+" must map condition keys to values, as in {\"aws:SourceIp\": \"203.0.113.0/24\"}")
			continue
		}
		if len(om.Value.Members) == 0 {
			p.errorf(p.span(om.Value), "condition.malformed", "operator "+om.Key+" names no condition key")
			continue
		}
		seenKeys := map[string]bool{}
		for j := range om.Value.Members {
			km := &om.Value.Members[j]
			lower := strings.ToLower(km.Key)
			if seenKeys[lower] {
				p.errorf(p.keySpan(km), "condition.duplicateKey", "condition key "+strconv.Quote(km.Key)+" appears twice under "+om.Key+" (keys ignore case)")
				continue
			}
			seenKeys[lower] = true
			c := p.condition(op, om, km)
			if c != nil {
				out = append(out, c)
			}
		}
	}
	return out
}

func (p *parser) condition(op cond.Operator, om, km *jsonpos.Member) *Condition {
	c := &Condition{
		Operator: op,
		OpSpan:   p.keySpan(om),
		Key:      Value{Text: km.Key, Span: p.keySpan(km)},
		KeyLower: strings.ToLower(km.Key),
		Span:     p.src.Span(km.KeyStart, km.Value.End),
	}
	if km.Key == "" || strings.ContainsAny(km.Key, " \t") {
		p.errorf(c.Key.Span, "condition.badKey", "condition key "+strconv.Quote(km.Key)+" is not a valid key name")
		return nil
	}
	var raw []*jsonpos.Value
	switch km.Value.Kind {
	case jsonpos.Array:
		if len(km.Value.Items) == 0 {
			p.errorf(p.span(km.Value), "condition.emptyValues", "condition key "+km.Key+" has an empty list of values")
			return nil
		}
		raw = km.Value.Items
	default:
		raw = []*jsonpos.Value{km.Value}
	}
	vals := make([]cond.Value, 0, len(raw))
	for _, r := range raw {
		switch r.Kind {
		case jsonpos.String, jsonpos.Number, jsonpos.Bool:
		default:
			p.errorf(p.span(r), "condition.badValue", "condition values must be strings, numbers or booleans, not "+article(r.Kind))
			return nil
		}
		val := Value{Text: r.Text, Span: p.span(r)}
		c.Values = append(c.Values, val)
		cv := cond.Value{Text: r.Text}
		if p.vars && op.SupportsVariables() {
			t, problems := parseTemplate(r.Text)
			for _, msg := range problems {
				p.warnf(val.Span, "variable.malformed", msg)
			}
			if t != nil {
				c.VarKeys = append(c.VarKeys, t.Keys()...)
				cv.Expand = func(ctx cond.Context) (string, bool) { return t.Expand(ctx.Lookup) }
				cv.ExpandParts = func(ctx cond.Context) ([]match.Part, bool) { return t.ExpandParts(ctx.Lookup) }
			}
		}
		vals = append(vals, cv)
	}
	test, verrs := cond.Compile(op, vals)
	if len(verrs) > 0 {
		for _, ve := range verrs {
			sp := c.Span
			if ve.Index >= 0 && ve.Index < len(c.Values) {
				sp = c.Values[ve.Index].Span
			}
			p.errorf(sp, "condition.badValue", ve.Msg)
		}
		return nil
	}
	c.Test = test
	return c
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
