package cond

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

// Test is a compiled condition: an operator and its policy values, for one
// condition key. It is immutable and safe for concurrent use.
type Test struct {
	op   Operator
	info baseInfo
	vals []cval
	// dyn is true when some value is expanded per request.
	dyn bool
}

type vstate uint8

const (
	vStatic  vstate = iota
	vDynamic        // expanded per request
	vInvalid        // rejected at compile; matches nothing
)

// cval is one compiled policy value. Only the fields of the operator's
// family are set.
type cval struct {
	state vstate
	text  string
	exp   func(Context) (string, bool)
	parts func(Context) ([]Part, bool)

	pat  match.Pattern    // StringLike, StringNotLike
	arn  match.ARNPattern // Arn*
	num  decimal          // Numeric*
	at   instant          // Date*
	pfx  netip.Prefix     // IpAddress, NotIpAddress
	b    bool             // Bool, Null
	bin  []byte           // BinaryEquals
	bits int              // pfx.Bits(), kept to compare request prefixes
}

// Operator returns the test's operator.
func (t *Test) Operator() Operator { return t.op }

// Len returns the number of policy values.
func (t *Test) Len() int { return len(t.vals) }

// Compile pre-parses the policy values for the operator: IP addresses to
// prefixes, dates to instants, numbers to exact decimals, base64 to bytes,
// wildcard patterns to matchers. Values AWS would reject are returned as
// ValueErrors with their index; the Test is still usable, and a rejected
// value matches no request value.
func Compile(op Operator, values []Value) (*Test, []ValueError) {
	t := &Test{op: op}
	if op.Base >= numBases {
		return t, []ValueError{{Index: -1, Msg: "invalid operator " + op.Base.String()}}
	}
	t.info = bases[op.Base]
	t.vals = make([]cval, len(values))
	var errs []ValueError
	if len(values) == 0 {
		errs = append(errs, ValueError{Index: -1, Msg: op.String() + " needs at least one value"})
	}
	for i, v := range values {
		c := &t.vals[i]
		c.text = v.Text
		if t.info.vars && v.dynamic() {
			c.state = vDynamic
			c.exp, c.parts = v.Expand, v.ExpandParts
			t.dyn = true
			continue
		}
		if msg := c.compile(t.info, v.Text); msg != "" {
			c.state = vInvalid
			errs = append(errs, ValueError{Index: i, Msg: msg})
		}
	}
	return t, errs
}

// compile parses a static value, returning why it is invalid, or "".
func (c *cval) compile(info baseInfo, s string) string {
	q := strconv.Quote(s)
	switch info.kind {
	case kStrLike:
		c.pat = match.Compile(s)
	case kArn:
		c.arn = match.CompileARN(s)
	case kNum:
		d, ok := parseDecimal(s)
		if !ok {
			return info.name + " value " + q + " is not a number: use an integer or a decimal such as 10 or 2.5"
		}
		c.num = d
	case kDate:
		at, ok := parseDate(s)
		if !ok {
			return info.name + " value " + q + " is not a date: use ISO 8601 such as 2026-01-01T00:00:00Z or 2026-01-01, or epoch seconds such as 1767225600"
		}
		c.at = at
	case kBool:
		b, ok := parseBool(s)
		if !ok {
			return `Bool value ` + q + ` is not a boolean: use "true" or "false"`
		}
		c.b = b
	case kNull:
		b, ok := parseBool(s)
		if !ok {
			return `Null value ` + q + ` must be "true" (the key must be absent) or "false" (the key must be present)`
		}
		c.b = b
	case kBin:
		b, ok := b64Decode(s)
		if !ok {
			return `BinaryEquals value ` + q + ` is not base64 (such as "QmluYXJ5VmFsdWVJbkJhc2U2NA==")`
		}
		c.bin = b
	case kIP:
		p, ok := parseIPValue(s)
		if !ok {
			return info.name + " value " + q + " is not an IP address or CIDR range: use forms such as 203.0.113.0/24, 203.0.113.7 or 2001:db8::/32"
		}
		c.pfx, c.bits = p, p.Bits()
	}
	return ""
}

// parseIPValue reads a policy IP value: "The value must be in the standard
// CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64). If
// you specify an IP address without the associated routing prefix, IAM uses
// the default prefix value of /32" (and /128 for IPv6). Host bits after the
// prefix length are ignored. IPv6 zones are rejected.
func parseIPValue(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		return p.Masked(), true
	}
	a, err := netip.ParseAddr(s)
	if err != nil || a.Zone() != "" {
		return netip.Prefix{}, false
	}
	return netip.PrefixFrom(a, a.BitLen()), true
}
