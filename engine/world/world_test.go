package world

import (
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func loadTestWorld(t *testing.T) *Scenario {
	t.Helper()
	src, err := os.ReadFile("testdata/world.json")
	if err != nil {
		t.Fatal(err)
	}
	s, errs := Parse("testdata/world.json", src)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	return s
}

func evaluate(t *testing.T, s *Scenario, name string, trace bool) *Outcome {
	t.Helper()
	r := s.Request(name)
	if r == nil {
		t.Fatalf("no request %q", name)
	}
	return s.Evaluate(r, engine.Options{Trace: trace})
}

func ctxValue(st *Step, key string) (string, bool) {
	v, ok := st.Request.Context[key]
	if !ok || len(v.Values) == 0 {
		return "", false
	}
	return strings.Join(v.Values, ","), true
}

func last(o *Outcome) *Step { return o.Steps[len(o.Steps)-1] }

func policyNames(st *Step) []string {
	var n []string
	for _, p := range st.Policies.Identity {
		n = append(n, p.Name)
	}
	return n
}

// TestRequestsOfTestWorld checks every expectation in testdata/world.json.
func TestRequestsOfTestWorld(t *testing.T) {
	s := loadTestWorld(t)
	for _, r := range s.Requests {
		t.Run(r.Name, func(t *testing.T) {
			if o := s.Evaluate(r, engine.Options{}); !o.Passed() {
				var b strings.Builder
				o.WriteText(&b)
				t.Errorf("got %s, want %s\n%s", o.Decision, r.Expect, b.String())
			}
		})
	}
}

// TestResolution pins how a request is resolved against the world. Each case
// names the AWS rule (IAM User Guide unless said otherwise) it follows.
func TestResolution(t *testing.T) {
	s := loadTestWorld(t)
	tests := []struct {
		name, request, rule string
		check               func(t *testing.T, o *Outcome)
	}{
		{"user and group policies", "alice-console",
			"Policy evaluation logic: a user's identity-based policies include those attached to its groups",
			func(t *testing.T, o *Outcome) {
				got := policyNames(last(o))
				want := []string{"group Readers → inline policy Extra", "group Readers → managed policy ReadBucket"}
				if !slices.Equal(got, want) {
					t.Errorf("identity policies %q, want %q", got, want)
				}
				if b := last(o).Policies.Boundary; b == nil || b.Name != "user alice → permissions boundary S3Boundary" {
					t.Errorf("boundary = %v", b)
				}
			}},
		{"console sign-in with MFA", "alice-console",
			"AWS global condition context keys, aws:MultiFactorAuthPresent: present for temporary credentials, true when MFA was used",
			func(t *testing.T, o *Outcome) {
				if v, _ := ctxValue(last(o), "aws:MultiFactorAuthPresent"); v != "true" {
					t.Errorf("aws:MultiFactorAuthPresent = %q, want true", v)
				}
				if v, _ := ctxValue(last(o), "aws:MultiFactorAuthAge"); v != "300" {
					t.Errorf("aws:MultiFactorAuthAge = %q, want 300", v)
				}
				if _, ok := ctxValue(last(o), "aws:TokenIssueTime"); !ok {
					t.Error("temporary credentials need aws:TokenIssueTime")
				}
			}},
		{"long-term access key carries no MFA key", "alice-key",
			"aws:MultiFactorAuthPresent: the key is not present in requests made with long-term credentials",
			func(t *testing.T, o *Outcome) {
				for _, k := range []string{"aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge", "aws:TokenIssueTime"} {
					if v, ok := ctxValue(last(o), k); ok {
						t.Errorf("%s = %q; a long-term key has none", k, v)
					}
				}
			}},
		{"permissions boundary caps the group's allow", "alice-ec2-outside-boundary",
			"Permissions boundaries: effective permissions are the intersection of identity policies and the boundary",
			func(t *testing.T, o *Outcome) {
				if r := last(o).Result; r == nil || r.Why != engine.WhyBoundaryGap {
					t.Errorf("want a boundary gap, got %+v", r)
				}
			}},
		{"SCP and RCP levels along the organization path", "alice-console",
			"SCP evaluation: every level from the root to the account must allow; RCPs apply along the resource account's path",
			func(t *testing.T, o *Outcome) {
				p := last(o).Policies
				if len(p.SCP) != 3 || len(p.SCP[0]) != 2 || len(p.SCP[1]) != 1 || len(p.SCP[2]) != 1 {
					t.Fatalf("SCP levels %v, want root (2), OU (1), account (1)", p.SCP)
				}
				if p.SCP[0][1].Name != "SCP DenyLeave on root r-ab12" {
					t.Errorf("SCP name %q", p.SCP[0][1].Name)
				}
				if len(p.RCP) != 3 || len(p.RCP[0]) != 1 || len(p.RCP[1]) != 0 {
					t.Errorf("RCP levels %v, want NoOutsiders at the root only", p.RCP)
				}
			}},
		{"management account is outside SCPs", "boss-leaves",
			"Organizations: SCPs do not affect users or roles in the management account",
			func(t *testing.T, o *Outcome) {
				if p := last(o).Policies; p.SCP != nil || p.RCP != nil {
					t.Errorf("SCP %v RCP %v; want none for the management account", p.SCP, p.RCP)
				}
			}},
		{"principal tags and organization keys", "alice-console",
			"aws:PrincipalTag/key, aws:PrincipalOrgID, aws:PrincipalOrgPaths",
			func(t *testing.T, o *Outcome) {
				want := map[string]string{
					"aws:PrincipalTag/team": "web",
					"aws:PrincipalOrgID":    "o-testorg001",
					"aws:PrincipalOrgPaths": "o-testorg001/r-ab12/ou-ab12-prod0001/",
					"aws:ResourceOrgID":     "o-testorg001",
					"aws:RequestedRegion":   "us-east-1",
					"aws:SecureTransport":   "true",
					"aws:CurrentTime":       DefaultTime,
					"aws:userid":            uniqueID("AIDA", "arn:aws:iam::111111111111:user/alice"),
				}
				for k, v := range want {
					if got, _ := ctxValue(last(o), k); got != v {
						t.Errorf("%s = %q, want %q", k, got, v)
					}
				}
				if !strings.HasPrefix(want["aws:userid"], "AIDA") || len(want["aws:userid"]) != 21 {
					t.Errorf("user id %q is not shaped like an IAM unique id", want["aws:userid"])
				}
			}},
		{"S3 object: the bucket's policy and owner", "alice-deletes",
			"S3 authorization: object requests are evaluated against the bucket policy of the bucket owner",
			func(t *testing.T, o *Outcome) {
				st := last(o)
				if st.Policies.Resource == nil || st.Request.ResourceOwner != "111111111111" {
					t.Errorf("resource policy %v, owner %q", st.Policies.Resource, st.Request.ResourceOwner)
				}
				if v, ok := ctxValue(st, "aws:ResourceTag/data"); ok {
					t.Errorf("bucket tags do not apply to objects, got aws:ResourceTag/data=%q", v)
				}
			}},
		{"assume steps come before the request", "alice-chain",
			"Role chaining; MFA passed to AssumeRole sets aws:MultiFactorAuthPresent on that call",
			func(t *testing.T, o *Outcome) {
				var kinds []StepKind
				for _, st := range o.Steps {
					kinds = append(kinds, st.Kind)
				}
				if !slices.Equal(kinds, []StepKind{StepAssume, StepAssume, StepRequest}) {
					t.Fatalf("steps %v", kinds)
				}
				if v, _ := ctxValue(o.Steps[0], "aws:MultiFactorAuthPresent"); v != "true" {
					t.Errorf("assume with MFA: aws:MultiFactorAuthPresent = %q", v)
				}
				if v, _ := ctxValue(o.Steps[0], "sts:RoleSessionName"); v != "alice" {
					t.Errorf("sts:RoleSessionName = %q, want the caller's name", v)
				}
				if p := o.Steps[1].Request.Principal; p != "arn:aws:sts::111111111111:assumed-role/AppRole/alice" {
					t.Errorf("second assume made by %q", p)
				}
				if v, _ := ctxValue(o.Steps[1], "aws:PrincipalArn"); v != "arn:aws:iam::111111111111:role/app/AppRole" {
					t.Errorf("aws:PrincipalArn = %q, want the role ARN with its path", v)
				}
				if v, _ := ctxValue(o.Steps[0], "iam:ResourceTag/team"); v != "web" {
					t.Errorf("the role's tags are the assume step's resource tags; got %q", v)
				}
			}},
		{"role chaining is limited to one hour", "alice-chain-too-long",
			"Roles terms: role chaining limits the session to a maximum of one hour",
			func(t *testing.T, o *Outcome) {
				if o.Decider != 1 || !o.Steps[1].Refused() {
					t.Errorf("decider %d refused %v; want the second assume refused", o.Decider, o.Steps[o.Decider].Refused())
				}
			}},
		{"DurationSeconds above the role's maximum", "alice-over-max",
			"AssumeRole API: DurationSeconds can be up to the role's maximum session duration",
			func(t *testing.T, o *Outcome) {
				if len(o.Steps) != 1 || !o.Steps[0].Refused() {
					t.Errorf("want the assume step refused, got %d steps", len(o.Steps))
				}
			}},
		{"EC2 assumes the instance profile's role", "web-reads",
			"IAM roles for Amazon EC2: the instance profile's role is assumed by ec2.amazonaws.com",
			func(t *testing.T, o *Outcome) {
				if p := o.Steps[0].Request.Principal; p != "ec2.amazonaws.com" {
					t.Errorf("assume made by %q", p)
				}
				if v, _ := ctxValue(last(o), "ec2:SourceInstanceARN"); v != "arn:aws:ec2:us-east-1:111111111111:instance/i-0000000000000001" {
					t.Errorf("ec2:SourceInstanceARN = %q", v)
				}
			}},
		{"Identity Center permission set role", "priya-reads",
			"IAM Identity Center: permission sets become AWSReservedSSO_ roles in assigned accounts",
			func(t *testing.T, o *Outcome) {
				if o.Steps[0].Kind != StepSignIn {
					t.Fatalf("first step %v", o.Steps[0].Kind)
				}
				p := last(o).Request.Principal
				if !strings.HasPrefix(p, "arn:aws:sts::111111111111:assumed-role/AWSReservedSSO_Dev_") || !strings.HasSuffix(p, "/priya") {
					t.Errorf("principal %q", p)
				}
				got := policyNames(last(o))
				want := []string{"permission set Dev → AWS managed policy ReadOnlyAccess", "permission set Dev → managed policy ReadBucket"}
				if !slices.Equal(got, want) {
					t.Errorf("policies %q, want %q", got, want)
				}
			}},
		{"the root user cannot assume a role", "root-assumes",
			"AssumeRole API: you cannot call AssumeRole with root user credentials",
			func(t *testing.T, o *Outcome) {
				if !o.Steps[0].Refused() || o.Decision != engine.ImplicitDeny {
					t.Errorf("want the assume refused, got %s", o.Decision)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, evaluate(t, s, tt.request, false))
		})
	}
}

// TestGoldenTraces pins the whole rendered trace of resolved requests.
func TestGoldenTraces(t *testing.T) {
	s := loadTestWorld(t)
	for _, name := range []string{"alice-chain", "priya-reads", "alice-chain-too-long"} {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			if err := evaluate(t, s, name, true).WriteText(&b); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("trace differs from %s (run go test -update if intended):\n%s", path, b.String())
			}
		})
	}
}

func TestManagedPolicies(t *testing.T) {
	if v := ManagedVersion(); v == "" {
		t.Fatal("no package version recorded")
	}
	arns := ManagedARNs()
	if len(arns) < 500 || !slices.IsSorted(arns) {
		t.Errorf("%d managed policies, sorted %v", len(arns), slices.IsSorted(arns))
	}
	p, ver, ok := Managed("arn:aws:iam::aws:policy/AdministratorAccess")
	if !ok || ver == "" || len(p.Statements) != 1 {
		t.Fatalf("AdministratorAccess: ok %v version %q", ok, ver)
	}
	for _, a := range arns {
		if strings.Contains(a, "/aws-service-role/") {
			t.Errorf("%s: service-linked role policies are left out", a)
		}
	}
	if _, _, ok := Managed("arn:aws:iam::aws:policy/NoSuchPolicy"); ok {
		t.Error("a missing policy was found")
	}
}
