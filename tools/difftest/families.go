package main

// family names a root cause that many minimised disagreements share, so
// that the report reads as a short list. Families are labels for the
// report, not adjudications: a disagreement in a family still counts
// against the agreement until a rule in adjudicated.json covers it.
type family struct {
	name string
	is   Rule
}

var families = []family{
	{"unresolved policy variable (a negated operator, NotResource or NotAction with a variable whose key the request lacks)",
		Rule{All: []string{"var:unresolved"}}},
	{"same-account resource policy naming everyone (\"*\") and a permissions boundary that does not allow",
		Rule{All: []string{"policy:boundary", "policy:resource", "account:same"}, Any: []string{"principalElem:*", "principalElem:AWS:*"}}},
	{"same-account resource policy naming everyone (\"*\") and a session policy that does not allow",
		Rule{All: []string{"policy:session", "policy:resource", "account:same"}, Any: []string{"principalElem:*", "principalElem:AWS:*"}}},
	{"ForAnyValue/ForAllValues with IfExists, key absent",
		Rule{All: []string{"op:setIfExists"}}},
	{"federated-user session against a resource policy naming the IAM user behind it",
		Rule{All: []string{"principal:federatedUser", "principalElem:AWS:user"}}},
}

// familyOf returns the family of a minimised disagreement, or "".
func familyOf(c *Case) string {
	fs := Features(c)
	for _, f := range families {
		if f.is.Matches(fs) {
			return f.name
		}
	}
	return ""
}
