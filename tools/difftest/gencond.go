package main

import "strings"

// keyType is the family of condition operators a key goes with.
type keyType int

const (
	ktString keyType = iota
	ktARN
	ktIP
	ktBool
	ktNum
	ktDate
	ktMulti // multivalued string key
)

var keyTypes = map[string]keyType{
	"aws:PrincipalArn":           ktARN,
	"aws:SourceArn":              ktARN,
	"aws:SourceIp":               ktIP,
	"aws:SecureTransport":        ktBool,
	"aws:MultiFactorAuthPresent": ktBool,
	"aws:PrincipalIsAWSService":  ktBool,
	"aws:MultiFactorAuthAge":     ktNum,
	"aws:CurrentTime":            ktDate,
	"aws:EpochTime":              ktDate,
	"aws:TagKeys":                ktMulti,
	cognito + ":amr":             ktMulti,
	"aws:PrincipalOrgPaths":      ktMulti,
	"aws:CalledVia":              ktMulti,
}

// derivedKeys are keys AWS sets itself; the generator never gives them, so
// both evaluators must derive them.
var derivedKeys = []string{"aws:PrincipalArn", "aws:username", "aws:PrincipalAccount", "aws:PrincipalType", "aws:PrincipalIsAWSService", "aws:PrincipalServiceName", "aws:userid", "aws:ResourceAccount"}

var (
	stringOps = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"}
	arnOps    = []string{"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "StringLike", "StringEquals"}
	ipOps     = []string{"IpAddress", "NotIpAddress"}
	numOps    = []string{"NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "NumericEquals", "NumericNotEquals"}
	dateOps   = []string{"DateLessThan", "DateGreaterThan", "DateEquals", "DateNotEquals", "DateGreaterThanEquals"}
	setOps    = []string{"StringEquals", "StringLike", "StringNotEquals", "StringNotLike"}
)

// variables are the policy-variable forms values use: plain, principal
// tag (present or missing), the special characters, and default values.
var variables = []string{"${aws:username}", "${aws:PrincipalTag/team}", "${aws:PrincipalTag/dept}", "${aws:PrincipalTag/missing}", "${aws:userid}", "${aws:PrincipalAccount}", "${aws:PrincipalTag/team, 'web'}", "${*}", "${?}", "${$}"}

// condition adds one condition to the block.
func (g *gen) condition(block map[string]map[string][]string) {
	r := g.r
	pool := append(g.contextKeys(), derivedKeys...)
	pool = append(pool, "aws:PrincipalTag/missing")
	key := pick(r, pool)
	if chance(r, 0.1) {
		op, vals := "Null", []string{pick(r, []string{"true", "false"})}
		add(block, op, key, vals)
		return
	}
	t, ok := keyTypes[key]
	if !ok {
		t = ktString
	}
	var op string
	var vals []string
	n := 1 + pick(r, []int{0, 0, 0, 1})
	for range n {
		vals = append(vals, g.value(key, t))
	}
	switch t {
	case ktARN:
		op = pick(r, arnOps)
	case ktIP:
		op = pick(r, ipOps)
	case ktBool:
		op = "Bool"
	case ktNum:
		op = pick(r, numOps)
	case ktDate:
		op = pick(r, dateOps)
	case ktMulti:
		op = pick(r, []string{"ForAnyValue:", "ForAllValues:"}) + pick(r, setOps)
	default:
		op = pick(r, stringOps)
		if chance(r, 0.08) {
			op = pick(r, []string{"ForAnyValue:", "ForAllValues:"}) + op
		}
	}
	if chance(r, 0.2) {
		op += "IfExists"
	}
	add(block, op, key, vals)
}

func add(block map[string]map[string][]string, op, key string, vals []string) {
	if block[op] == nil {
		block[op] = map[string][]string{}
	}
	block[op][key] = append(block[op][key], vals...)
}

// value draws a condition value for the key: one the request may carry, a
// pattern, or a policy variable.
func (g *gen) value(key string, t keyType) string {
	r := g.r
	switch t {
	case ktIP:
		return pick(r, []string{"203.0.113.0/24", "10.0.0.0/8", "198.51.100.20/32", "192.0.2.1"})
	case ktBool:
		return pick(r, []string{"true", "false"})
	case ktNum:
		return pick(r, []string{"60", "3600", "7200"})
	case ktDate:
		if chance(r, 0.1) {
			return "1796032800" // epoch seconds, as AWS also accepts
		}
		return pick(r, []string{"2026-12-01T00:00:00Z", "2026-11-30T10:00:00Z", "2027-01-01T00:00:00Z"})
	case ktMulti:
		switch key {
		case cognito + ":amr":
			return pick(r, []string{"authenticated", "unauthenticated", "graph.facebook.com*"})
		case "aws:PrincipalOrgPaths":
			return pick(r, []string{orgID + "/r-ab12/ou-ab12-prod1111/*", orgID + "/*", "o-other/*"})
		case "aws:CalledVia":
			return pick(r, []string{"athena.amazonaws.com", "cloudformation.amazonaws.com", "*.amazonaws.com"})
		}
		return pick(r, []string{"env", "team", "cost", "e*"})
	case ktARN:
		return pick(r, []string{
			g.principalARN + "",
			"arn:aws:iam::" + pick(r, accounts) + ":role/*",
			"arn:aws:iam::*:root",
			"arn:aws:iam::" + acctProd + ":user/*",
			"arn:aws:iam::${aws:PrincipalAccount}:*",
			"arn:aws:cloudtrail:*:" + acctProd + ":trail/*",
			"arn:aws:iam::" + pick(r, accounts) + ":role/DeployRole",
		})
	}
	if chance(r, 0.2) {
		v := pick(r, variables)
		if key == "s3:prefix" {
			return "home/" + v + "/"
		}
		return v
	}
	switch key {
	case "aws:username":
		return pick(r, []string{"alice", "bob", "a*"})
	case "aws:PrincipalAccount", "aws:ResourceAccount", "aws:userid":
		return pick(r, accounts)
	case "aws:PrincipalType":
		return pick(r, []string{"User", "AssumedRole", "Account", "FederatedUser"})
	case "aws:PrincipalServiceName":
		return pick(r, []string{"cloudtrail.amazonaws.com", "*.amazonaws.com"})
	case "aws:PrincipalOrgID":
		return pick(r, []string{orgID, "o-other", "o-*"})
	case "aws:PrincipalTag/missing":
		return "x"
	}
	vs := keyValues[key]
	if len(vs) == 0 {
		return "x"
	}
	v := pick(r, vs)
	if chance(r, 0.15) && len(v) > 3 {
		return v[:len(v)/2] + "*"
	}
	if chance(r, 0.05) {
		return strings.ToUpper(v)
	}
	return v
}
