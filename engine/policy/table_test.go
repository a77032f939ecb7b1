package policy

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

func TestTable(t *testing.T) {
	src := `{"Version":"2012-10-17","Statement":[
		{"Sid":"One","Effect":"Allow","Action":["s3:Get*","ec2:Describe*"],"Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalTag/Team":"a"}}},
		{"Effect":"Deny","NotAction":"iam:*","NotResource":["*","arn:aws:s3:::home/${aws:username}/*"],
		 "Condition":{"StringEquals":{"aws:principaltag/team":"b","s3:prefix":"${aws:username}/"}}}]}`
	pol, errs := Parse("p", []byte(src), Identity)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	if pol.Table != nil {
		t.Error("Parse built a table for a policy of two statements")
	}
	tab := NewTable(pol.Statements)
	if tab == nil || len(tab.Rows) != 2 {
		t.Fatalf("table %+v, want two rows", tab)
	}
	want := []Row{
		{SidLen: 3, Actions: 2, Resources: 1, Conditions: 1},
		{Actions: 1, Resources: 2, Conditions: 2, Flags: RowNotAction | RowNotResource | RowResourceVars | RowConditionVars | RowAnyResource},
	}
	for i, w := range want {
		if tab.Rows[i] != w {
			t.Errorf("row %d = %+v, want %+v", i, tab.Rows[i], w)
		}
	}
	if len(tab.Filters) != 6 || len(tab.CondKeys) != 3 {
		t.Fatalf("%d filters and %d condition keys, want 6 and 3", len(tab.Filters), len(tab.CondKeys))
	}
	// Each filter is its pattern's; a "*" resource's says yes to anything.
	checks := []struct {
		f       match.Filter
		subject string
		want    match.Verdict
	}{
		{tab.Filters[0], "s3:getobject", match.Yes},
		{tab.Filters[1], "s3:getobject", match.No},
		{tab.Filters[2], "arn:aws:s3:::c/k", match.No},
		{tab.Filters[3], "iam:createuser", match.Yes}, // the pattern's answer; NotAction is the row's
		{tab.Filters[3], "s3:getobject", match.No},
		{tab.Filters[4], "anything", match.Yes},
	}
	for i, c := range checks {
		if got := c.f.Test(c.subject); got != c.want {
			t.Errorf("filter %d on %q = %v, want %v", i, c.subject, got, c.want)
		}
	}
	// Keys ignore case: both statements' team keys are one key.
	if got := strings.Join(tab.Keys, ","); got != "aws:principaltag/team,s3:prefix" {
		t.Errorf("keys %q", got)
	}
	if tab.CondKeys[0] != tab.CondKeys[1] && tab.CondKeys[0] != tab.CondKeys[2] {
		t.Errorf("condition keys %v: the team key is not shared", tab.CondKeys)
	}
	for i, k := range tab.CondKeys {
		if c := condAt(pol, i); tab.Keys[k] != c.KeyLower {
			t.Errorf("condition %d's key %q, table says %q", i, c.KeyLower, tab.Keys[k])
		}
	}
}

// condAt is the policy's i-th condition, counting through its statements.
func condAt(pol *Policy, i int) *Condition {
	for _, s := range pol.Statements {
		if i < len(s.Conditions) {
			return s.Conditions[i]
		}
		i -= len(s.Conditions)
	}
	return nil
}

// Past eight distinct keys the table indexes them with a map: every
// condition still points at its own key.
func TestTableManyKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range 30 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/k` +
			strconv.Itoa(i%12) + `":"v"}}}`)
	}
	b.WriteString(`]}`)
	pol, errs := Parse("p", []byte(b.String()), Identity)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	if len(pol.Table.Keys) != 12 {
		t.Fatalf("%d keys, want 12", len(pol.Table.Keys))
	}
	for i, k := range pol.Table.CondKeys {
		if got := pol.Table.Keys[k]; got != condAt(pol, i).KeyLower {
			t.Errorf("condition %d: key %q, want %q", i, got, condAt(pol, i).KeyLower)
		}
	}
}

// Statements out of place get no table: the evaluator then reads the
// statements themselves.
func TestTableNeedsStatementsInPlace(t *testing.T) {
	pol, errs := Parse("p", []byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`), Identity)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	moved := *pol.Statements[0]
	moved.Index = 3
	if NewTable([]*Statement{&moved}) != nil {
		t.Error("a statement whose Index is not its position got a table")
	}
	if NewTable(pol.Statements) == nil {
		t.Error("statements in place got no table")
	}
}
