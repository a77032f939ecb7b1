package policy

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// Each case pins the problems AWS's policy validation would report, in
// source order, as "AT code": AT is the text the problem's span starts at
// (its first occurrence in the document).
var errorCases = []struct {
	name string
	typ  Type
	src  string
	want []string
}{
	{"valid identity policy", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`, nil},
	{"invalid JSON: missing comma", Identity,
		"{\n  \"Version\": \"2012-10-17\"\n  \"Statement\": []\n}", []string{`"Statement" json.syntax`}},
	{"invalid JSON: trailing comma", Identity,
		"{\"Statement\": [],}", []string{`,} json.syntax`}},
	{"invalid UTF-8", Identity,
		"{\"Id\": \"\xff\"}", []string{"\xff json.utf8"}},
	{"duplicate key", Identity,
		`{"Statement": [], "Statement": []}`, []string{`"Statement": []} json.duplicateKey`}},
	{"not an object", Identity, `["Statement"]`, []string{`[ policy.notObject`}},
	{"unknown element with case hint", Identity,
		`{"Version":"2012-10-17","Statement":{"effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		[]string{`{"effect" statement.missingEffect`, `"effect" policy.unknownElement`}},
	{"both Action and NotAction", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","NotAction":"iam:*","Resource":"*"}}`,
		[]string{`"NotAction" statement.actionAndNotAction`}},
	{"Effect other than Allow or Deny", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}`,
		[]string{`"allow" statement.badEffect`}},
	{"missing Resource", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*"}}`,
		[]string{`{"Effect" statement.missingResource`}},
	{"unknown condition operator", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEqual":{"aws:username":"a"}}}}`,
		[]string{`"StringEqual" condition.unknownOperator`}},
	{"Principal in an identity-based policy", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`,
		[]string{`"Principal" statement.principalNotAllowed`}},
	{"Principal missing from a resource-based policy", Resource,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		[]string{`{"Effect" statement.missingPrincipal`}},
	{"Resource in a trust policy", Trust,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}}`,
		[]string{`"Resource" statement.resourceNotAllowed`}},
	{"malformed resource ARN", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:securecart"}}`,
		[]string{`"arn:aws:s3:securecart" resource.malformed`}},
	{"malformed action", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3GetObject","Resource":"*"}}`,
		[]string{`"s3GetObject" action.malformed`}},
	// IAM rejects a policy whose action has no service prefix, more than
	// one colon, or a wildcard in the prefix (MalformedPolicyDocument, and
	// the IAM JSON policy grammar: <service>:<action name>); it accepts any
	// action name after the colon, which then never matches: a warning.
	{"action with two colons is rejected (MalformedPolicyDocument)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:ec2:RunInstances","Resource":"*"}}`,
		[]string{`"ec2:ec2:RunInstances" action.malformed`}},
	{"wildcard in the service prefix is rejected (MalformedPolicyDocument)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*:Untag*","Resource":"*"}}`,
		[]string{`"*:Untag*" action.malformed`}},
	{"comma inside an action name is accepted and never matches (grammar)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject,PutObject","Resource":"*"}}`,
		[]string{`"s3:GetObject,PutObject" action.neverMatches`}},
	{"space after the colon is accepted and never matches (grammar)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3: GetObject","Resource":"*"}}`,
		[]string{`"s3: GetObject" action.neverMatches`}},
	{"empty action name is accepted and never matches (grammar)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:","Resource":"*"}}`,
		[]string{`"s3:" action.neverMatches`}},
	// "IAM JSON policy elements: Resource": variables only in the resource
	// part of the ARN; elsewhere the text is matched as written.
	{"variable in the account segment is not substituted (Resource element)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sns:Publish","Resource":"arn:aws:sns:*:${aws:PrincipalAccount}:*"}}`,
		[]string{`"arn:aws:sns:*:${aws:PrincipalAccount}:*" variable.notInResourcePart`}},
	{"variable in the resource part is substituted (Resource element)", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`, nil},
	{"malformed principal ARN", Resource,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::1234:user/bob"},"Action":"s3:*","Resource":"*"}}`,
		[]string{`"arn:aws:iam::1234 principal.malformed`}},
	{"bad condition value", Identity,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"300.1.1.1"}}}}`,
		[]string{`"300.1.1.1" condition.badValue`}},
	{"unknown Version", Identity,
		`{"Version":"2024-01-01","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		[]string{`"2024-01-01" policy.badVersion`}},
	{"missing Version is a warning", Identity,
		`{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
		[]string{`{ policy.noVersion`}},
	{"duplicate Sid", Identity,
		`{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"A","Effect":"Deny","Action":"s3:*","Resource":"*"}]}`,
		[]string{`{"Sid":"A","Effect":"Deny" statement.duplicateSid`}},
	{"RCP with an Allow statement", RCP,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}}`,
		[]string{`"Allow" statement.rcpAllow`}},
	{"all errors are collected, not just the first", Identity,
		"{\"Version\":\"2012-10-17\",\"Statement\":[\n{\"Effect\":\"Permit\",\"Action\":\"s3:*\",\"Resource\":\"*\"},\n{\"Effect\":\"Allow\",\"Action\":\"s3:*\"}]}",
		[]string{`"Permit" statement.badEffect`, `{"Effect":"Allow" statement.missingResource`}},
	{"columns count characters, not bytes", Identity,
		"{\"Id\":\"héllo\",\"Statement\":{\"Effect\":\"Nope\",\"Action\":\"s3:*\",\"Resource\":\"*\"},\"Version\":\"2012-10-17\"}",
		[]string{`"Nope" statement.badEffect`}},
}

func TestParseErrors(t *testing.T) {
	for _, c := range errorCases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Parse("p.json", []byte(c.src), c.typ)
			var got, want []string
			for _, e := range errs {
				got = append(got, e.Span.Start.String()+" "+e.Code)
				if e.Msg == "" || e.Policy != "p.json" {
					t.Errorf("error without message or policy name: %+v", e)
				}
			}
			src := NewSource("p.json", c.src)
			for _, w := range c.want {
				i := strings.LastIndexByte(w, ' ')
				at := strings.Index(c.src, w[:i])
				if at < 0 {
					t.Fatalf("marker %q not in the source", w[:i])
				}
				want = append(want, src.Pos(at).String()+" "+w[i+1:])
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got\n  %s\nwant\n  %s\nerrors: %v", strings.Join(got, "\n  "), strings.Join(want, "\n  "), errs)
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	_, errs := Parse("deploy.json", []byte("{\n  \"Statement\": {\"Effect\": \"Maybe\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n}"), Identity)
	if len(errs) != 2 || errs[0].Code != "policy.noVersion" || errs[0].Severity != SevWarning {
		t.Fatalf("errors = %v", errs)
	}
	if got, want := errs[0].Error(), "deploy.json:1:1: warning: the policy has no Version"; !strings.HasPrefix(got, want) {
		t.Errorf("got %q, want prefix %q", got, want)
	}
	want := `deploy.json:2:27: Effect "Maybe" is not valid: it must be "Allow" or "Deny" (case-sensitive)`
	if got := errs[1].Error(); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestParseModel(t *testing.T) {
	src := `{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "ReadOwnFolder",
    "Effect": "Allow",
    "Action": ["s3:GetObject", "s3:List*"],
    "Resource": "arn:aws:s3:::securecart-home/${aws:username}/*",
    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": true}}
  }]
}`
	p, errs := Parse("p", []byte(src), Identity)
	if errs.HasErrors() || len(errs) != 0 {
		t.Fatalf("unexpected problems: %v", errs)
	}
	if !p.Vars || len(p.Statements) != 1 {
		t.Fatalf("policy = %+v", p)
	}
	s := p.Statements[0]
	if s.Sid != "ReadOwnFolder" || s.Effect != Allow || len(s.Actions.Items) != 2 || s.Actions.Not {
		t.Errorf("statement = %+v", s)
	}
	if got := s.Actions.Items[1].Span.Start; got.Line != 6 || got.Col != 32 {
		t.Errorf("second action at %v, want 6:35", got)
	}
	r := s.Resources.Items[0]
	if r.Tmpl == nil || strings.Join(r.Tmpl.Keys(), ",") != "aws:username" {
		t.Errorf("resource template keys = %v", r.Tmpl)
	}
	if len(s.Conditions) != 1 || s.Conditions[0].KeyLower != "aws:multifactorauthpresent" || s.Conditions[0].Values[0].Text != "true" {
		t.Errorf("condition = %+v", s.Conditions)
	}
}

func TestTemplate(t *testing.T) {
	look := func(k string) ([]string, bool) {
		switch k {
		case "aws:username":
			return []string{"alice"}, true
		case "aws:tagkeys":
			return []string{"a", "b"}, true
		}
		return nil, false
	}
	cases := []struct {
		in, want string
		ok       bool
	}{
		{"home/${aws:username}/*", "home/alice/*", true},
		{"home/${AWS:UserName}/*", "home/alice/*", true},
		{"${aws:PrincipalTag/team, 'none'}", "none", true},
		{"${aws:PrincipalTag/team,'it''s'}", "it's", true},
		{"${aws:PrincipalTag/team}", "", false},
		{"${aws:TagKeys}", "", false}, // multivalued keys cannot be variables
		{"a${*}b${?}c${$}d", "a*b?c$d", true},
		{"no variables", "no variables", true},
	}
	for _, c := range cases {
		tm, problems := parseTemplate(c.in)
		if len(problems) > 0 {
			t.Errorf("%q: problems %v", c.in, problems)
			continue
		}
		got, ok := c.in, true
		if tm != nil {
			got, ok = tm.Expand(look)
		}
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("%q expands to %q, %v; want %q, %v", c.in, got, ok, c.want, c.ok)
		}
	}
	if _, problems := parseTemplate("${aws:username"); len(problems) != 1 {
		t.Errorf("unclosed variable not reported")
	}
}

// Adversarial inputs get a clear error quickly, never a panic or a hang.
func TestAdversarial(t *testing.T) {
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	huge := append([]byte(`{"Version":"2012-10-17","Statement":[`), bytes.Repeat([]byte(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"},`), 10<<20/58)...)
	huge = append(huge, []byte(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)...)
	cases := []struct {
		name string
		src  []byte
		code string
	}{
		{"nesting 10,000 deep", []byte(deep), "json.depth"},
		{"nesting inside a statement", []byte(`{"Statement":` + deep + `}`), "json.depth"},
		{"10 MB document", huge, "policy.tooLarge"},
		{"invalid UTF-8 in a key", []byte("{\"\xc3\x28\": 1}"), "json.utf8"},
		{"lone surrogate escape", []byte(`{"Id":"\ud800","Statement":[]}`), "policy.missingStatement"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Parse("x", c.src, Identity)
			found := false
			for _, e := range errs {
				found = found || e.Code == c.code && e.Severity == SevError
			}
			if !found {
				t.Fatalf("got %v, want code %s", errs, c.code)
			}
		})
	}
}

// FuzzParse checks that the parser never panics, that every reported
// position lies inside the document, and that a policy it accepts yields
// statements with the elements AWS requires.
func FuzzParse(f *testing.F) {
	for _, c := range errorCases {
		f.Add(c.src, uint8(c.typ))
	}
	f.Add(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":["111122223333","arn:aws:iam::111122223333:role/R"]},"NotAction":"s3:*","NotResource":"arn:aws:s3:::b/${aws:username}","Condition":{"ForAllValues:StringLikeIfExists":{"aws:TagKeys":["a*","b?"]},"Null":{"aws:x":"true"}}}]}`, uint8(Resource))
	f.Fuzz(func(t *testing.T, src string, typ uint8) {
		pt := Type(typ % 7)
		p, errs := Parse("f", []byte(src), pt)
		for _, e := range errs {
			if e.Span.Start.Offset < 0 || e.Span.Start.Offset > len(src) || e.Span.Start.Line < 1 || e.Span.Start.Col < 1 {
				t.Fatalf("position out of range: %+v", e)
			}
			if e.Msg == "" || e.Code == "" {
				t.Fatalf("error without message or code: %+v", e)
			}
		}
		if p == nil || errs.HasErrors() {
			return
		}
		if !utf8.ValidString(src) {
			t.Fatalf("accepted invalid UTF-8")
		}
		for _, s := range p.Statements {
			if len(s.Actions.Items) == 0 {
				t.Fatalf("accepted a statement without actions")
			}
			if pt != Trust && s.Resources == nil {
				t.Fatalf("accepted a statement without resources")
			}
		}
	})
}

// size counts characters as AWS does against its quotas: white space
// (space, tab, newline, carriage return) is not counted, and a multi-byte
// character counts once (IAM User Guide, "IAM and AWS STS quotas": IAM
// does not count white space when it calculates a policy's size; the IAM
// API Reference's GetAccountSummary gives the quotas "in non-whitespace
// characters").
func TestSizeCountsCharactersNotWhiteSpace(t *testing.T) {
	cases := []struct {
		text string
		want int
	}{
		{"", 0},
		{"{}", 2},
		{"{ \"a\" :\t1,\r\n\"b\": 2 }", 13},
		{"\"名前\"", 4},
		{"\"🙂\" ", 3},
		{"\u00a0", 1},                   // a no-break space is not white space to AWS's count
		{string([]byte{0xff, 0x80}), 1}, // a stray continuation byte is not a character
	}
	for _, c := range cases {
		if got := size(c.text); got != c.want {
			t.Errorf("size(%q) = %d, want %d", c.text, got, c.want)
		}
	}
}
