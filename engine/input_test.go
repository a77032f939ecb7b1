package engine

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine/policy"
)

func TestParserRemembersUnchangedDocuments(t *testing.T) {
	input := func(second string) []byte {
		return []byte(`{"policies":{"identity":[
			{"name":"Big","document":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"},
			{"name":"Edited","document":"` + second + `"}]},
			"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"}}`)
	}
	deny := `{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}`
	bad := `{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Maybe\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}`
	var p Parser
	first, errs := p.ParseInput("", input(deny))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	second, errs := p.ParseInput("", input(bad))
	if second.Policies.Identity[0] != first.Policies.Identity[0] {
		t.Error("the unchanged policy was parsed again")
	}
	if len(errs) != 1 || errs[0].Policy != "Edited" || !strings.Contains(errs[0].Msg, "Maybe") {
		t.Errorf("errors of the edited policy = %v", errs)
	}
	// Errors are remembered too, and a document that comes back is parsed
	// once more only if it was forgotten.
	_, errs = p.ParseInput("", input(bad))
	if len(errs) != 1 {
		t.Errorf("remembered errors = %v", errs)
	}
	third, _ := p.ParseInput("", input(deny))
	plain, _ := ParseInput("", input(deny))
	req, _ := Prepare(plain.Request)
	a, b := Evaluate(&third.Policies, req, Options{}), Evaluate(&plain.Policies, req, Options{})
	if a.Decision != ExplicitDeny || a.Decision != b.Decision || a.Reason() != b.Reason() {
		t.Errorf("remembered parse decides %v (%s), fresh parse %v (%s)", a.Decision, a.Reason(), b.Decision, b.Reason())
	}
	if len(p.docs) != 2 {
		t.Errorf("the parser keeps %d documents, want only the 2 of the last input", len(p.docs))
	}
}

// A Parser prepares a request again only when something in it changed:
// each change below, context included, gives a new Prepared, equal to what
// Prepare makes of it; the same request keeps the one it had.
func TestParserPreparesChangedRequestsOnly(t *testing.T) {
	const base = `"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"`
	input := func(req string) []byte {
		return []byte(`{"policies":{"identity":[]},"request":{` + req + `}}`)
	}
	var p Parser
	first, errs := p.ParseInput("", input(base+`,"context":{"aws:SourceIp":"10.0.0.1"}`))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	again, _ := p.ParseInput("", input(base+`,"context":{"aws:SourceIp":"10.0.0.1"}`))
	if again.prepared != first.prepared {
		t.Error("an unchanged request was prepared again")
	}
	prev := again.prepared
	for _, req := range []string{
		base + `,"context":{"aws:SourceIp":"10.0.0.2"}`,
		base + `,"context":{"aws:SourceIp":["10.0.0.2"]}`,
		base + `,"context":{"aws:SourceIp":["10.0.0.2"],"aws:SecureTransport":"true"}`,
		base,
		base + `,"resourceOwner":"222222222222"`,
		`"principal":"arn:aws:iam::111111111111:user/b","action":"s3:GetObject","resource":"arn:aws:s3:::b/k"`,
		`"principal":"arn:aws:iam::111111111111:user/b","action":"s3:PutObject","resource":"arn:aws:s3:::b/k"`,
		`"principal":"arn:aws:iam::111111111111:user/b","action":"s3:PutObject","resource":"arn:aws:s3:::c/k"`,
	} {
		in, errs := p.ParseInput("", input(req))
		if errs.HasErrors() {
			t.Fatalf("%s: %v", req, errs)
		}
		if in.prepared == prev {
			t.Errorf("%s: the previous request's preparation was kept", req)
		}
		fresh, err := Prepare(in.Request)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := in.prepared.keyList, fresh.keyList; !reflect.DeepEqual(got, want) || in.prepared.Request.Action != fresh.Action ||
			in.prepared.ResourceAccount != fresh.ResourceAccount || in.prepared.Principal != fresh.Principal {
			t.Errorf("%s: prepared %+v, Prepare makes %+v", req, in.prepared, fresh)
		}
		prev = in.prepared
	}
}

// A bad request is reported at the field it is about, so the CLI can print
// file:line:col like it does for policies.
func TestParseInputRequestErrorsHavePositions(t *testing.T) {
	cases := []struct {
		name, request, at, code string
	}{
		{"malformed principal", `{"principal": "alice", "action": "s3:GetObject", "resource": "*"}`, `"alice"`, "request.principal"},
		{"action with a wildcard", `{"principal": "anonymous", "action": "s3:Get*", "resource": "*"}`, `"s3:Get*"`, "request.action"},
		{"resource that is not an ARN", `{"principal": "anonymous", "action": "s3:GetObject", "resource": "bucket/key"}`, `"bucket/key"`, "request.resource"},
		{"bad resource owner", `{"principal": "anonymous", "action": "s3:GetObject", "resource": "*", "resourceOwner": "12"}`, `"12"`, "request.resourceOwner"},
		{"a context key given twice", `{"principal": "anonymous", "action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": "1.2.3.4", "AWS:SOURCEIP": "1.2.3.5"}}`, `"AWS:SOURCEIP"`, "request.context"},
		{"a time that is not a time", `{"principal": "anonymous", "action": "s3:GetObject", "resource": "*", "context": {"aws:CurrentTime": "noon"}}`, `"aws:CurrentTime"`, "request.context"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "{\"policies\": {},\n \"request\": " + c.request + "}"
			in, errs := ParseInput("in.json", []byte(src))
			if len(errs) != 1 || errs[0].Code != c.code {
				t.Fatalf("errors = %v, want one %s", errs, c.code)
			}
			if want := strings.Index(src, c.at); errs[0].Span.Start.Offset != want || errs[0].Span.Start.Line != 2 {
				t.Errorf("error at %v (offset %d), want offset %d on line 2: %v", errs[0].Span.Start, errs[0].Span.Start.Offset, want, errs[0])
			}
			if in.prepared != nil {
				t.Error("an invalid request was prepared")
			}
		})
	}
	in, errs := ParseInput("in.json", []byte(`{"policies": {}, "request": {"principal": "anonymous", "action": "s3:GetObject", "resource": "*"}}`))
	if errs.HasErrors() || in.prepared == nil {
		t.Fatalf("a valid request was not prepared: %v", errs)
	}
	if p, _ := in.Prepare(); p != in.prepared {
		t.Error("Prepare prepared the request a second time")
	}
}

// The trace lists the keys policies refer to that the request lacks: the
// condition's own key and the keys of policy variables in its values.
func TestTraceReportsMissingKeys(t *testing.T) {
	c := evalCase{principal: alice, context: `{"aws:ResourceTag/team":"payments"}`,
		policies: `"identity":[` + doc(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/home}/*","Condition":{"StringEquals":{"aws:ResourceTag/team":"${aws:PrincipalTag/team}"},"Bool":{"aws:SecureTransport":"true"}}}`) + `]`}
	res := runCase(t, c)
	got := strings.Join(res.Trace.Keys().Missing, ",")
	if want := "aws:PrincipalTag/home,aws:PrincipalTag/team,aws:SecureTransport"; got != want {
		t.Errorf("missing keys %q, want %q", got, want)
	}
}

// Context keys that differ only in case are one key: Prepare refuses them,
// naming both, and always in the same words (it once depended on map order).
func TestPrepareReportsDuplicateKeysTheSameWay(t *testing.T) {
	req := Request{Principal: "anonymous", Action: "s3:GetObject", Resource: "*", Context: map[string]ContextValue{
		"aws:SourceIp": {Values: []string{"1.2.3.4"}},
		"AWS:SOURCEIP": {Values: []string{"1.2.3.5"}},
		"aws:sourceip": {Values: []string{"1.2.3.6"}},
	}}
	var first string
	for i := range 50 {
		_, err := Prepare(req)
		if err == nil {
			t.Fatal("duplicate keys accepted")
		}
		if i == 0 {
			first = err.Error()
			if !strings.Contains(first, "are the same key") {
				t.Fatalf("error %q does not say the keys are the same", first)
			}
		} else if err.Error() != first {
			t.Fatalf("call %d: %q, first call: %q", i, err.Error(), first)
		}
	}
}

// Two policies may carry the same name: each is read from its own text,
// on the first input and on the next, though the parser remembers
// documents by name.
func TestParserKeepsSameNamedDocumentsApart(t *testing.T) {
	input := []byte(`{"policies":{"identity":[
		{"name":"Same","document":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}"},
		{"name":"Same","document":"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}}"}]},
		"request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"*"}}`)
	var p Parser
	for round := range 3 {
		in, errs := p.ParseInput("", input)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		ids := in.Policies.Identity
		if len(ids) != 2 || ids[0].Statements[0].Effect != policy.Allow || ids[1].Statements[0].Effect != policy.Deny {
			t.Fatalf("round %d: the two policies named Same were read as %v and %v", round, ids[0].Statements[0].Effect, ids[1].Statements[0].Effect)
		}
	}
}
