package fix

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
	"github.com/iamplayground/iamplay/lint"
)

func parseInput(t *testing.T, src string) *engine.Input {
	t.Helper()
	in, errs := engine.ParseInput("test", []byte(src))
	if errs.HasErrors() {
		t.Fatalf("input: %v", errs)
	}
	return in
}

// Cases follow "Policy evaluation logic" in the IAM User Guide:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
func TestSuggestFlips(t *testing.T) {
	cases := []struct {
		name, input string
		want        []string // substrings of the first fix's summary
		places      []string // WhyNot stages, for an implicit deny
	}{
		{"identity gap adds an exact allow", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b"}]}]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"allow s3:GetObject on arn:aws:s3:::b/k"}, []string{"identity"}},
		{"deny narrowed before removed", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"NoWrites","Effect":"Deny","Action":["s3:PutObject","s3:DeleteObject"],"Resource":"*"}]}]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:PutObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"take s3:PutObject out of Deny statement NoWrites"}, nil},
		{"missing MFA is a context value", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:StopInstances","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"ec2:StopInstances","resource":"arn:aws:ec2:us-east-1:111111111111:instance/i-0abc","resourceOwner":"111111111111"}}`,
			[]string{"aws:MultiFactorAuthPresent = true"}, []string{"identity"}},
		{"SCP level and identity both needed", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}],
		  "scp":[[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}],[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}]]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"SCP at organization level 2", "identity-based policy"}, []string{"scp", "identity"}},
		{"trust policy must admit the caller", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}],
		  "resource":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"sts:AssumeRole","resource":"arn:aws:iam::111111111111:role/Deploy","resourceOwner":"111111111111"}}`,
			[]string{"in the role trust policy"}, []string{"resource"}},
		{"cross-account needs the bucket policy", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}]},
		  "request":{"principal":"arn:aws:sts::222222222222:assumed-role/Reader/s1","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"let arn:aws:iam::222222222222:role/Reader call s3:GetObject"}, []string{"resource"}},
		{"KMS key policy must allow", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"kms:Decrypt","Resource":"*"}]}],
		  "resource":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:role/Other"},"Action":"kms:Decrypt","Resource":"*"}]}},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"kms:Decrypt","resource":"arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}`,
			[]string{"let arn:aws:iam::111111111111:user/alice call kms:Decrypt"}, []string{"resource"}},
		{"VPC endpoint policy must allow", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}],
		  "vpcEndpoint":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]}},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"in the VPC endpoint policy"}, []string{"vpcEndpoint"}},
		{"allowed flips with a deny", `{"policies":{"identity":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}]},
		  "request":{"principal":"arn:aws:iam::111111111111:user/alice","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`,
			[]string{"deny s3:GetObject"}, nil},
	}
	cat := catalog.Load()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := parseInput(t, c.input)
			sg, err := Suggest(&in.Policies, in.Request, cat)
			if err != nil {
				t.Fatal(err)
			}
			if len(sg.Fixes) == 0 {
				t.Fatalf("no fix; rejected: %+v", sg.Rejected)
			}
			first := sg.Fixes[0]
			for _, w := range c.want {
				if !strings.Contains(first.Summary, w) {
					t.Errorf("first fix %q lacks %q", first.Summary, w)
				}
			}
			for _, f := range sg.Fixes {
				assertFlips(t, in.Policies, in.Request, f, cat)
			}
			places, err := WhyNot(&in.Policies, in.Request)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range places {
				if p.Stage == "resource" && strings.Contains(c.name, "KMS") && !strings.Contains(p.Text, "key policy") {
					t.Errorf("KMS place says %q", p.Text)
				}
				got = append(got, p.Stage)
				if p.Text == "" {
					t.Errorf("place %s has no words", p.Stage)
				}
			}
			if strings.Join(got, ",") != strings.Join(c.places, ",") {
				t.Errorf("why-not places = %v, want %v", got, c.places)
			}
		})
	}
}

// assertFlips applies the fix from its texts alone (each edited document
// re-parsed and put in place of the policy of that name, context values
// added) and checks the decision flips and lint finds no new error.
func assertFlips(t *testing.T, pols engine.Policies, req engine.Request, f *Fix, cat *catalog.Catalog) {
	t.Helper()
	applied := copyPolicies(&pols)
	ctx := map[string]engine.ContextValue{}
	for k, v := range req.Context {
		ctx[k] = v
	}
	for _, e := range f.Edits {
		if e.Kind == "addContext" {
			ctx[e.Key] = engine.ContextValue{Values: e.Values}
			continue
		}
		var np *policy.Policy
		if e.After != "" {
			var errs policy.ErrorList
			np, errs = policy.Parse(e.Policy, []byte(e.After), e.Type)
			if errs.HasErrors() {
				t.Fatalf("%s: edited policy does not parse: %v", f.Summary, errs)
			}
			np.Name = e.Policy
			was := map[string]int{}
			if e.Before != "" {
				old, _ := policy.Parse(e.Policy, []byte(e.Before), e.Type)
				for _, fd := range lint.Policy(old, lint.Context{Catalog: cat}) {
					was[fd.Code]++
				}
			}
			for _, fd := range lint.Policy(np, lint.Context{Catalog: cat}) {
				if fd.Severity == lint.Error && was[fd.Code] == 0 {
					t.Errorf("%s: new lint error %s", f.Summary, fd)
				}
				was[fd.Code]--
			}
		}
		if !replaceNamed(&applied, e, np) {
			t.Fatalf("%s: no policy named %q at stage %s to edit", f.Summary, e.Policy, e.Stage)
		}
	}
	req.Context = ctx
	prep, err := engine.Prepare(req)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := engine.Prepare(engine.Request{Principal: req.Principal, Action: req.Action, Resource: req.Resource, ResourceOwner: req.ResourceOwner})
	_ = before
	got := engine.Evaluate(&applied, prep, engine.Options{}).Decision
	if (got == engine.Allowed) == (f.From == "allowed") {
		t.Errorf("%s: decision %s did not flip (now %s)", f.Summary, f.From, got)
	}
}

// replaceNamed puts np where the policy named e.Policy of e.Type is, or adds
// it at e's stage when there is none.
func replaceNamed(p *engine.Policies, e *Edit, np *policy.Policy) bool {
	one := func(slot **policy.Policy) bool {
		if *slot != nil && (*slot).Name == e.Policy && (*slot).Type == e.Type {
			*slot = np
			return true
		}
		return false
	}
	if one(&p.Resource) || one(&p.Boundary) || one(&p.Session) || one(&p.Endpoint) {
		return true
	}
	list := func(l []*policy.Policy) ([]*policy.Policy, bool) {
		for i, q := range l {
			if q.Name == e.Policy && q.Type == e.Type {
				if np == nil {
					return append(l[:i:i], l[i+1:]...), true
				}
				l[i] = np
				return l, true
			}
		}
		return l, false
	}
	var ok bool
	if p.Identity, ok = list(p.Identity); ok {
		return true
	}
	for _, ls := range [][][]*policy.Policy{p.SCP, p.RCP} {
		for i := range ls {
			if ls[i], ok = list(ls[i]); ok {
				return true
			}
		}
	}
	if e.Before != "" || np == nil {
		return false
	}
	switch e.Stage {
	case "identity":
		p.Identity = append(p.Identity, np)
	case "resource":
		p.Resource = np
	case "scp":
		p.SCP[e.Level-1] = append(p.SCP[e.Level-1], np)
	default:
		return false
	}
	return true
}

// TestEveryFixFlipsLibrary is the property test: for every request of the
// scenario library, every suggested fix for the step that decided, applied
// from its texts, flips the decision and adds no lint error.
func TestEveryFixFlipsLibrary(t *testing.T) {
	files, _ := filepath.Glob("../../scenarios/*.json")
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	cat := catalog.Load()
	n := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		sc, errs := world.Parse(file, src)
		if errs.HasErrors() {
			t.Fatalf("%s: %v", file, errs)
		}
		for _, r := range sc.Requests {
			o := sc.Evaluate(r, engine.Options{})
			st := o.Steps[o.Decider]
			if st.Policies == nil || st.Refused() {
				continue
			}
			sg, err := Suggest(st.Policies, st.Request, cat)
			if err != nil {
				t.Errorf("%s %s: %v", file, r.Name, err)
				continue
			}
			for _, f := range sg.Fixes {
				assertFlips(t, *st.Policies, st.Request, f, cat)
				n++
			}
			if len(sg.Fixes) == 0 {
				t.Logf("%s %s (%s): no fix; rejected %v", filepath.Base(file), r.Name, sg.Decision, sg.Rejected)
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d fixes checked over the library", n)
	}
	t.Logf("%d fixes checked", n)
}

// No suggestion may allow every action on every resource: check turns down
// an edit that would, and only when the edit adds it.
func TestNeverStarOnStar(t *testing.T) {
	star := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	narrow := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	in := parseInput(t, `{"policies":{"identity":[{"name":"P","document":`+strconv.Quote(narrow)+`}]},
	  "request":{"principal":"arn:aws:iam::111111111111:user/a","action":"s3:GetObject","resource":"arn:aws:s3:::b/k","resourceOwner":"111111111111"}}`)
	s, err := newState(&in.Policies, in.Request)
	if err != nil {
		t.Fatal(err)
	}
	f := &Fix{Edits: []*Edit{{Kind: "addStatement", Policy: "P", Type: policy.Identity, Before: narrow, After: star}}}
	if why := check(s, f, engine.ImplicitDeny, &in.Policies, catalog.Load()); !strings.Contains(why, "every action on every resource") {
		t.Errorf("an Allow of * on * passed the check: %q", why)
	}
	f.Edits[0].Before = star
	if why := check(s, f, engine.ImplicitDeny, &in.Policies, catalog.Load()); strings.Contains(why, "every action") {
		t.Errorf("a policy that already allowed * on * is blamed on the edit: %q", why)
	}
}
