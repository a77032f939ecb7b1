package cond

import (
	"net/netip"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

// reqVal is one request value parsed for the operator's family.
type reqVal struct {
	s    string
	num  decimal
	at   instant
	addr netip.Addr
	bits int
	b    bool
	arn  [6]string
}

// parse reads s for the family k. A request value of the wrong type (such as
// aws:SourceIp "not-an-ip") is reported as false: it then satisfies neither
// the operator nor its negation (see satisfies).
func (r *reqVal) parse(k kind, s string) bool {
	r.s = s
	var ok bool
	switch k {
	case kNum:
		r.num, ok = parseDecimal(s)
	case kDate:
		r.at, ok = parseDate(s)
	case kBool:
		r.b, ok = parseBool(s)
	case kBin:
		_, ok = b64Equal(s, nil)
	case kIP:
		ok = r.parseIP(s)
	case kArn:
		r.arn, ok = splitARN(s)
	default:
		ok = true
	}
	return ok
}

// parseIP reads a request address; a CIDR range is accepted too and then
// matches only a policy range that contains all of it.
func (r *reqVal) parseIP(s string) bool {
	if !ipChars(s) {
		return false // spares netip the allocation of its error
	}
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return false
		}
		r.addr, r.bits = p.Masked().Addr(), p.Bits()
		return true
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return false
	}
	r.addr = a.WithZone("")
	r.bits = a.BitLen()
	return true
}

// ipChars reports whether s could be an IP address or CIDR range: hex
// digits, '.', ':' and '/', up to an IPv6 zone.
func ipChars(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			return true
		case '0' <= c && c <= '9', 'a' <= c && c <= 'f', 'A' <= c && c <= 'F', c == '.', c == ':', c == '/':
		default:
			return false
		}
	}
	return true
}

type result uint8

const (
	rNoMatch result = iota
	rMatch
	// rInvalid: the policy value is not valid for the operator (nor is its
	// expansion). It matches no request value, and no request value is "not
	// matched" by it either.
	rInvalid
	// rUnresolved: the policy value has a variable whose key the request
	// lacks. It matches nothing, so a negated operator counts it as not
	// matched: the IAM User Guide's ABAC deny pattern (Deny with
	// StringNotEquals aws:ResourceTag/project ${aws:PrincipalTag/project})
	// denies a principal that has no project tag ("IAM policy elements:
	// Variables and tags"; "Condition operators": a negated operator "is
	// true" when the values do not match).
	rUnresolved
)

func relHolds(rl rel, c int) bool {
	switch rl {
	case relLt:
		return c < 0
	case relLe:
		return c <= 0
	case relGt:
		return c > 0
	case relGe:
		return c >= 0
	}
	return c == 0
}

// stackBytes is the size of the stack buffers that hold a value expanded
// into parts; a longer value is joined on the heap.
const stackBytes = 256

// cmp compares request value r with policy value i using the positive form
// of the operator (StringNotLike compares like StringLike).
func (t *Test) cmp(i int, r *reqVal, ctx Context, x *explainer) result {
	c := &t.vals[i]
	switch c.state {
	case vInvalid:
		return rInvalid
	case vDynamic:
		return t.cmpDynamic(c, i, r, ctx, x)
	}
	var ok bool
	switch t.info.kind {
	case kStrEq:
		ok = r.s == c.text
	case kStrFold:
		ok = strings.EqualFold(r.s, c.text)
	case kStrLike:
		ok = c.pat.Match(r.s)
	case kArn:
		// r.s has six components (parse checked), so match.ARNPattern's
		// rules for values that are not ARN-shaped do not arise.
		ok = c.arn.Match(r.s)
	case kNum:
		ok = relHolds(t.info.rel, cmpDecimal(r.num, c.num))
	case kDate:
		ok = relHolds(t.info.rel, cmpInstant(r.at, c.at))
	case kBool:
		ok = r.b == c.b
	case kBin:
		ok, _ = b64Equal(r.s, c.bin)
	case kIP:
		ok = ipMatch(c, r)
	}
	if ok {
		return rMatch
	}
	return rNoMatch
}

func ipMatch(c *cval, r *reqVal) bool {
	if c.bits <= r.bits && c.pfx.Contains(r.addr) {
		return true
	}
	// An IPv4-mapped IPv6 request address (::ffff:203.0.113.7) is the IPv4
	// address for an IPv4 range.
	if r.addr.Is4In6() && r.bits >= 96 {
		return c.bits <= r.bits-96 && c.pfx.Contains(r.addr.Unmap())
	}
	return false
}

// wild reports whether the family gives '*' and '?' their wildcard meaning.
func (k kind) wild() bool { return k == kStrLike || k == kArn }

// expand returns policy value c for this request: as parts (wildcard
// families, when the caller provides ExpandParts) or as text.
func (t *Test) expand(c *cval, i int, ctx Context, x *explainer) (text string, parts []Part, ok bool) {
	if x != nil {
		return x.text[i], x.parts[i], x.ok[i]
	}
	return expandValue(c, t.info.kind, ctx)
}

func expandValue(c *cval, k kind, ctx Context) (text string, parts []Part, ok bool) {
	if c.parts != nil && (k.wild() || c.exp == nil) {
		parts, ok = c.parts(ctx)
		return "", parts, ok
	}
	text, ok = c.exp(ctx)
	return text, nil, ok
}

func (t *Test) cmpDynamic(c *cval, i int, r *reqVal, ctx Context, x *explainer) result {
	text, parts, ok := t.expand(c, i, ctx, x)
	if !ok {
		return rUnresolved
	}
	k := t.info.kind
	if k.wild() && len(r.s) > 0 && dynLen(text, parts) > quadraticLimit/len(r.s) {
		// globMatch costs up to len(pattern)*len(subject): past the limit,
		// compile the expansion with package match, whose matching is
		// linear, at the price of an allocation.
		return toResult(compileExpansion(k, text, parts, r.s))
	}
	if parts != nil {
		var bb [stackBytes]byte
		var lb [stackBytes]bool
		buf, lit := flatten(parts, bb[:0], lb[:0])
		switch k {
		case kStrLike:
			return toResult(globMatch(buf, lit, r.s))
		case kArn:
			return toResult(matchARNText(buf, lit, &r.arn))
		}
		text = string(buf)
	}
	switch k {
	case kStrLike:
		return toResult(globMatch(text, nil, r.s))
	case kArn:
		return toResult(matchARNText(text, nil, &r.arn))
	case kStrEq:
		return toResult(r.s == text)
	case kStrFold:
		return toResult(strings.EqualFold(r.s, text))
	case kBool:
		b, ok := parseBool(text)
		if !ok {
			return rInvalid
		}
		return toResult(r.b == b)
	}
	return rInvalid
}

// quadraticLimit bounds len(pattern)*len(subject) for globMatch.
const quadraticLimit = 1 << 16

func dynLen(text string, parts []Part) int {
	n := len(text)
	for _, p := range parts {
		n += len(p.Text)
	}
	return n
}

func compileExpansion(k kind, text string, parts []Part, s string) bool {
	switch {
	case k == kArn && parts != nil:
		return match.CompileARNParts(parts).Match(s)
	case k == kArn:
		return match.CompileARN(text).Match(s)
	case parts != nil:
		return match.CompileParts(parts).Match(s)
	}
	return match.Compile(text).Match(s)
}

func toResult(ok bool) result {
	if ok {
		return rMatch
	}
	return rNoMatch
}

// Eval decides the condition for one key given the request's values;
// present is false when the key is absent from the request context. ctx is
// used only to expand policy variables and may be nil when the Test has
// none. Eval does not allocate, apart from what the Value expansion
// callbacks do.
func (t *Test) Eval(ctx Context, reqVals []string, present bool) bool {
	return t.eval(ctx, reqVals, present, nil)
}

// eval is the one implementation behind Eval and Explain; x is nil for
// Eval. With x set, every comparison is made (none is skipped once the
// result is known) so that all matches are recorded.
func (t *Test) eval(ctx Context, reqVals []string, present bool, x *explainer) bool {
	// A key that is present with no values is treated as missing: the
	// multivalued-key examples say "You can prevent missing context keys or
	// context keys with empty values from evaluating to true by including a
	// Null condition operator in your policy with a value of false", so Null
	// sees an empty key as null, and "If the key values in the request
	// resolve to an empty data set ... ForAllValues returns true, and
	// ForAnyValue returns false" as for a missing key.
	absent := !present || len(reqVals) == 0
	if t.info.kind == kNull {
		// "use either true (the key doesn't exist — it is null) or false (the
		// key exists and its value is not null)". Several values are OR-ed.
		res := false
		for i := range t.vals {
			if t.vals[i].state == vStatic && t.vals[i].b == absent {
				res = true
			}
		}
		return res
	}
	if absent {
		return t.absentResult()
	}
	neg := t.info.neg
	// A request with several values and no set qualifier: the IAM guide says
	// only "Multivalued context keys require a condition set operator"
	// (Single-valued vs. multivalued context keys) and does not say what a
	// plain operator does with several values. We apply the plain operator
	// to all (request value, policy value) pairs: a positive operator is true
	// when any request value matches any policy value (as ForAnyValue), and
	// a negated operator is its complement, true only when no request value
	// matches any policy value (as ForAllValues with the NOR), so that
	// StringNotEquals is exactly NOT StringEquals on a present key. Explain
	// notes when this reading was used.
	anyMode := t.op.Set == ForAnyValue || t.op.Set == None && !neg
	res := !anyMode
	for k, v := range reqVals {
		if x != nil {
			x.cur = k
		}
		sat := t.satisfies(ctx, v, x)
		if x != nil {
			x.sat = append(x.sat, sat)
		}
		if sat == anyMode {
			res = anyMode
			if x == nil {
				return res
			}
		}
	}
	return res
}

// absentResult decides a condition whose key is missing (or has no values).
// A set operator decides first, IfExists or not: "The ForAllValues set
// operator also returns true if there are no context keys in the request",
// and ForAnyValue "returns false" then ("Single-valued vs. multivalued
// context keys"); AWS denies an Allow with ForAnyValue:StringEqualsIfExists
// on a request without the key (AWS re:Post, "ForAnyValue:StringEqualsIfExists
// behaving unexpectedly", found by the differential test).
func (t *Test) absentResult() bool {
	switch {
	case t.op.Set == ForAllValues:
		return true
	case t.op.Set == ForAnyValue:
		// "If the key values in the request resolve to an empty data set
		// (for example, an empty string), a condition operator modified by
		// ForAllValues returns true, and a condition operator modified by
		// ForAnyValue returns false."
		return false
	case t.op.IfExists:
		// "If the key is not present, evaluate the condition element as
		// true."
		return true
	}
	// "If the key that you specify in a policy condition is not present in
	// the request context, the values do not match and the condition is
	// false. If the policy condition requires that the key is not matched,
	// such as StringNotLike or ArnNotLike, and the right key is not present,
	// the condition is true."
	return t.info.neg
}

// satisfies reports whether one request value satisfies the operator: for a
// positive operator, it matches at least one policy value (values are
// OR-ed); for a negated operator, it matches none of them (values are
// NOR-ed). A request value that is not valid for the family, and an invalid
// policy value, never count in favour: such a pair is neither a match nor a
// non-match. A policy value whose variable has no value matches nothing, so
// it leaves a negated operator true (see rUnresolved).
func (t *Test) satisfies(ctx Context, v string, x *explainer) bool {
	var r reqVal
	if !r.parse(t.info.kind, v) {
		if x != nil {
			x.bad = append(x.bad, x.cur)
		}
		return false
	}
	neg := t.info.neg
	res := neg
	for i := range t.vals {
		c := t.cmp(i, &r, ctx, x)
		if c == rMatch && x != nil {
			x.matches = append(x.matches, Match{Request: x.cur, Policy: i})
		}
		if neg && (c == rMatch || c == rInvalid) || !neg && c == rMatch {
			res = !neg
			if x == nil {
				return res
			}
		}
	}
	return res
}
