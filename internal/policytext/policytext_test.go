package policytext

import (
	"testing"

	"github.com/iamplayground/iamplay/engine/world"
)

// A document written inside a scenario file is cut out exactly.
func TestOfCutsTheDocument(t *testing.T) {
	src := `{"title": "t", "summary": "s", "world": {"accounts": [{"id": "111111111111", "roles": [
	  {"name": "R", "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}]}]},
	 "requests": [{"name": "r", "principal": {"service": "ec2.amazonaws.com"}, "action": "sts:AssumeRole", "resource": "arn:aws:iam::111111111111:role/R", "expect": "allowed"}]}`
	s, errs := world.Parse("s.json", []byte(src))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	got := Of(s.World.Accounts[0].Roles[0].Trust)
	want := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}`
	if got != want {
		t.Errorf("got %s", got)
	}
}
