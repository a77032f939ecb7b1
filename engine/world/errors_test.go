package world

import (
	"strconv"
	"strings"
	"testing"
)

// base is a valid scenario that the error cases break in one place.
const base = `{
  "title": "t",
  "summary": "s",
  "world": {
    "accounts": [
      {"id": "111111111111",
       "groups": [{"name": "Devs"}],
       "users": [{"name": "alice", "groups": ["Devs"], "consolePassword": true,
                  "managedPolicies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}]}
    ]
  },
  "requests": [
    {"name": "r1", "principal": {"user": "alice"}, "action": "s3:GetObject",
     "resource": "arn:aws:s3:::b/k", "resourceOwner": "111111111111", "expect": "allowed"}
  ]
}`

func TestBaseParses(t *testing.T) {
	if _, errs := Parse("base.json", []byte(base)); errs.HasErrors() {
		t.Fatal(errs)
	}
}

// position returns "line:col" of the first occurrence of marker in src.
func position(src, marker string) string {
	i := strings.Index(src, marker)
	if i < 0 {
		return "marker not found"
	}
	line := strings.Count(src[:i], "\n") + 1
	col := i - strings.LastIndexByte(src[:i], '\n')
	return strconv.Itoa(line) + ":" + strconv.Itoa(col)
}

// TestParseErrors breaks the base scenario and pins where each error is
// reported (the first occurrence of at) and what it says.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, old, new, at, msg string
	}{
		{"unknown user in a request", `{"user": "alice"}`, `{"user": "bob"}`, `"bob"`,
			`user "bob" does not exist in any account`},
		{"group that does not exist", `"groups": ["Devs"]`, `"groups": ["Admins"]`, `"Admins"`,
			`group "Admins" does not exist in account 111111111111`},
		{"AWS managed policy not found", `policy/ReadOnlyAccess"`, `policy/ReadOnlyAcess"`, `"arn:aws:iam::aws:policy/ReadOnlyAcess"`,
			`AWS managed policy arn:aws:iam::aws:policy/ReadOnlyAcess not found`},
		{"customer policy suggests the AWS managed one", `"arn:aws:iam::aws:policy/ReadOnlyAccess"`, `"ReadOnlyAccess"`, `"ReadOnlyAccess"`,
			`for the AWS managed policy write "arn:aws:iam::aws:policy/ReadOnlyAccess"`},
		{"nested group", `{"name": "Devs"}`, `{"name": "Devs", "groups": ["Ops"]}`, `["Ops"]`,
			`IAM groups are not nestable`},
		{"unknown field with suggestion", `"consolePassword"`, `"consolepassword"`, `"consolepassword"`,
			`did you mean "consolePassword"?`},
		{"bad expectation", `"expect": "allowed"`, `"expect": "allow"`, `"allow"`,
			`expect must be "allowed", "explicitDeny" or "implicitDeny"`},
		{"action with wildcard", `"action": "s3:GetObject"`, `"action": "s3:Get*"`, `"s3:Get*"`,
			`must be one concrete action`},
		{"undeclared bucket", `, "resourceOwner": "111111111111"`, ``, `"arn:aws:s3:::b/k"`,
			`bucket "b" is not declared in any account`},
		{"account id", `"id": "111111111111"`, `"id": "1111"`, `"1111"`,
			`account id "1111" must be 12 digits`},
		{"MFA without a device", `{"user": "alice"}`, `{"user": "alice", "mfa": true}`, `true}`,
			`user "alice" has no MFA device`},
		{"syntax error", `"summary": "s",`, `"summary": "s"`, `"world"`, ``},
		{"unknown role in assume", `"action": "s3:GetObject"`, `"assume": [{"role": "Ghost"}], "action": "s3:GetObject"`, `"Ghost"`,
			`role "Ghost" does not exist in any account`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("base has no %q", tt.old)
			}
			src := strings.Replace(base, tt.old, tt.new, 1)
			s, errs := Parse("w.json", []byte(src))
			if s != nil || !errs.HasErrors() {
				t.Fatal("want an error")
			}
			prefix := "w.json:" + position(src, tt.at) + ": "
			for _, e := range errs {
				if strings.HasPrefix(e.Error(), prefix) && strings.Contains(e.Error(), tt.msg) {
					return
				}
			}
			t.Errorf("want an error at %q saying %q, got:\n%v", prefix, tt.msg, errs)
		})
	}
}

// TestParseErrorExact pins two messages in full.
func TestParseErrorExact(t *testing.T) {
	src := strings.Replace(base, `{"user": "alice"}`, `{"user": "bob"}`, 1)
	_, errs := Parse("w.json", []byte(src))
	if len(errs) != 1 || errs[0].Error() != `w.json:13:42: user "bob" does not exist in any account` {
		t.Errorf("got %v", errs)
	}
	src = strings.Replace(base, `"groups": ["Devs"]`, `"groups": ["Admins"]`, 1)
	_, errs = Parse("w.json", []byte(src))
	if len(errs) != 1 || errs[0].Error() != `w.json:8:47: group "Admins" does not exist in account 111111111111` {
		t.Errorf("got %v", errs)
	}
}

func TestMatrixShape(t *testing.T) {
	src := strings.Replace(base, `"requests": [`, `"matrix": {"rows": [{"label": "A", "principal": {"user": "alice"}}],
    "columns": [{"label": "c", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "resourceOwner": "111111111111"}],
    "expect": [["allowed", "allowed"]]},
  "requests": [`, 1)
	_, errs := Parse("w.json", []byte(src))
	want := "w.json:" + position(src, `["allowed", "allowed"]`) + ": expect row 1 (A) has 2 decisions but the matrix has 1 columns"
	if len(errs) != 1 || errs[0].Error() != want {
		t.Errorf("got %v, want %s", errs, want)
	}
}
