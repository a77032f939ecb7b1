package engine

import (
	"strings"
	"testing"
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
