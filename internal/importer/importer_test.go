package importer

import (
	"encoding/json"
	"net/url"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/world"
)

func files(t *testing.T, names ...string) []File {
	t.Helper()
	var out []File
	for _, n := range names {
		data, err := os.ReadFile("testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, File{n, data})
	}
	return out
}

var all = []string{"account-authorization-details.json", "organization.json", "resource-policies.json", "credential-report.csv"}

// The examples in testdata follow the documented shapes of
// get-account-authorization-details (IAM API Reference,
// GetAccountAuthorizationDetails; documents URL-encoded as the API returns
// them, or decoded as the AWS CLI prints them), of AWS Organizations'
// describe-organization, list-roots, list-organizational-units-for-parent,
// list-accounts-for-parent, describe-policy and list-targets-for-policy,
// and of the IAM credential report.
func TestImportAsksTheWorld(t *testing.T) {
	asks := []string{
		"arn:aws:iam::111111111111:user/alice iam:GetRole arn:aws:iam::111111111111:role/DeployRole",                            // AdministratorAccess through Admins
		"arn:aws:iam::111111111111:user/alice iam:CreateUser arn:aws:iam::111111111111:user/eve",                                // DenyIAMUsers SCP on Workloads
		"arn:aws:iam::111111111111:user/alice organizations:LeaveOrganization *",                                                // the group's inline deny
		"arn:aws:iam::111111111111:user/engineers/bob s3:GetObject arn:aws:s3:::securecart-orders/2026/1.json",                  // ReadOrders v2 within DevBoundary
		"arn:aws:iam::111111111111:user/engineers/bob s3:PutObject arn:aws:s3:::securecart-orders/2026/1.json",                  // v1 allowed s3:*, v2 (default) does not
		"arn:aws:iam::111111111111:role/EC2AppRole ec2:DescribeInstances *",                                                     // outside the boundary and the policy
		"arn:aws:iam::111111111111:role/DeployRole ecs:UpdateService arn:aws:ecs:us-east-1:111111111111:service/storefront/web", // inline, URL-encoded
	}
	want := []string{"allowed", "explicitDeny", "explicitDeny", "allowed", "implicitDeny", "implicitDeny", "allowed"}
	var opts Options
	for _, a := range asks {
		ask, err := ParseAsk(a)
		if err != nil {
			t.Fatal(err)
		}
		opts.Asks = append(opts.Asks, ask)
	}
	res, err := Import(files(t, all...), opts)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res.Scenario.Requests {
		o := res.Scenario.Evaluate(r, engine.Options{})
		if got := o.Decision.String(); got != want[i] {
			t.Errorf("%s: %s, want %s", asks[i], got, want[i])
		}
		if r.Expect != o.Decision {
			t.Errorf("%s: recorded expectation %s differs from the decision %s", asks[i], r.Expect, o.Decision)
		}
	}
	st := res.Stats
	if st.Users != 2 || st.Groups != 1 || st.Roles != 3 || st.Policies != 2 || st.Resources != 1 || st.OrgPolicies != 1 {
		t.Errorf("stats %+v", st)
	}
	w := res.Scenario.World
	acct := w.Accounts[0]
	if acct.ID != "111111111111" || acct.Name != "Storefront-Prod" {
		t.Errorf("first account %s %q", acct.ID, acct.Name)
	}
	alice := acct.User("alice")
	if alice == nil || !alice.MFA || !alice.ConsolePassword || len(alice.Groups) != 1 {
		t.Errorf("alice = %+v", alice)
	}
	if bob := acct.User("bob"); bob == nil || len(bob.AccessKeys) != 1 || bob.Boundary == nil || bob.Path != "/engineers/" {
		t.Errorf("bob = %+v", bob)
	}
	if w.Org == nil || w.Org.ManagementAccount != "999999999999" || acct.Node == nil || len(acct.Node.Path()) != 4 {
		t.Errorf("organization not placed: %+v", w.Org)
	}
	warn := strings.Join(res.Warnings, "\n")
	if !strings.Contains(warn, "aws-service-role/AWSSupportServiceRolePolicy") {
		t.Errorf("no warning about the service-linked role's policy:\n%s", warn)
	}
}

// TestDocumentsRoundTrip checks every policy document of the example
// arrives in the world unchanged: URL-decoded, the default version of a
// managed policy, the trust policies.
func TestDocumentsRoundTrip(t *testing.T) {
	res, err := Import(files(t, "account-authorization-details.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var in authDetails
	json.Unmarshal(files(t, "account-authorization-details.json")[0].Data, &in)
	var out struct {
		World struct {
			Accounts []accountOut `json:"accounts"`
		} `json:"world"`
	}
	if err := json.Unmarshal(res.JSON, &out); err != nil {
		t.Fatal(err)
	}
	a := out.World.Accounts[0]
	same := func(what string, raw json.RawMessage, doc json.RawMessage) {
		t.Helper()
		var s string
		var want, got any
		if json.Unmarshal(raw, &s) == nil {
			if u, err := url.PathUnescape(s); err == nil {
				s = u
			}
			json.Unmarshal([]byte(s), &want)
		} else {
			json.Unmarshal(raw, &want)
		}
		json.Unmarshal(doc, &got)
		if want == nil || !reflect.DeepEqual(want, got) {
			t.Errorf("%s: document changed:\n%v\n%v", what, want, got)
		}
	}
	for i, r := range in.RoleDetailList {
		same("trust of "+r.RoleName, r.AssumeRolePolicyDocument, a.Roles[i].TrustPolicy)
		for j, ip := range r.RolePolicyList {
			same("inline "+ip.PolicyName, ip.PolicyDocument, a.Roles[i].InlinePolicies[j].Document)
		}
	}
	for i, u := range in.UserDetailList {
		for j, ip := range u.UserPolicyList {
			same("inline "+ip.PolicyName, ip.PolicyDocument, a.Users[i].InlinePolicies[j].Document)
		}
	}
	same("ReadOrders default version", in.Policies[0].PolicyVersionList[0].Document, a.Policies[0].Document)
	if strings.Contains(string(res.JSON), `"s3:*"`) && !strings.Contains(string(res.JSON), "cloudwatch") {
		t.Error("a non-default version was imported")
	}
	if !strings.Contains(string(res.JSON), "securecart-ci+deploy") {
		t.Error("a + in a URL-encoded document became a space")
	}
}

func TestImportErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"not json", "{\n  \"UserDetailList\": [}\n", "2:22: invalid character"},
		{"unknown", `{"Buckets": []}`, "not an output the importer reads"},
		{"mixed", `{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::111111111111:user/a"}, {"UserName": "b", "Arn": "arn:aws:iam::222222222222:user/b"}]}`, "mixes accounts"},
		{"bad doc", `{"RoleDetailList": [{"RoleName": "r", "Arn": "arn:aws:iam::111111111111:role/r", "AssumeRolePolicyDocument": "%7B%ZZ"}]}`, "role r: trust policy: the document is neither JSON nor URL-encoded JSON"},
		{"empty", `{"UserDetailList": []}`, "account is unknown"},
	}
	for _, c := range cases {
		_, err := Import([]File{{c.name, []byte(c.src)}}, Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), c.name+": ") {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	ext, _ := ParseAsk("arn:aws:sts::222222222222:assumed-role/PartnerSync/n s3:GetObject arn:aws:s3:::securecart-orders/k")
	if _, err := Import(files(t, "account-authorization-details.json"), Options{Asks: []Ask{ext}}); err == nil || !strings.Contains(err.Error(), "account 222222222222 is not imported") {
		t.Errorf("an outside principal: %v", err)
	}
	if _, err := Import(files(t, "organization.json"), Options{}); err == nil || !strings.Contains(err.Error(), "no role and no user") {
		t.Errorf("an organization alone: %v", err)
	}
}

func TestDefaultAskIsRecorded(t *testing.T) {
	res, err := Import(files(t, "account-authorization-details.json"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Scenario.Requests[0]
	if r.Action != "sts:GetCallerIdentity" || r.Expect != engine.Allowed {
		t.Errorf("default request %s expects %s", r.Action, r.Expect)
	}
	if _, errs := world.Parse("again", res.JSON); errs.HasErrors() {
		t.Error(errs)
	}
}
