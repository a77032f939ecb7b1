package importer

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"testing"
)

// largeAccount generates get-account-authorization-details output for an
// account with the given numbers of roles and customer-managed policies:
// each role trusts a service or a CI account, has one inline policy and
// attaches two customer-managed and one AWS managed policy; documents are
// URL-encoded as the IAM API returns them.
func largeAccount(roles, policies int) []byte {
	enc := func(v any) string {
		js, _ := json.Marshal(v)
		return url.PathEscape(string(js))
	}
	stmt := func(i int) map[string]any {
		return map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Sid": fmt.Sprintf("Read%d", i), "Effect": "Allow",
				"Action":   []string{"s3:GetObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:Query"},
				"Resource": []string{fmt.Sprintf("arn:aws:s3:::app-%d", i), fmt.Sprintf("arn:aws:s3:::app-%d/*", i), fmt.Sprintf("arn:aws:dynamodb:us-east-1:111111111111:table/t%d", i)}},
			map[string]any{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*",
				"Condition": map[string]any{"StringNotEquals": map[string]any{"aws:PrincipalTag/team": fmt.Sprintf("team-%d", i%20)}}},
		}}
	}
	var d struct {
		RoleDetailList []map[string]any
		Policies       []map[string]any
	}
	for i := range policies {
		d.Policies = append(d.Policies, map[string]any{"PolicyName": fmt.Sprintf("App%dAccess", i), "Arn": fmt.Sprintf("arn:aws:iam::111111111111:policy/App%dAccess", i),
			"Path": "/", "DefaultVersionId": "v1", "PolicyVersionList": []any{map[string]any{"Document": enc(stmt(i)), "VersionId": "v1", "IsDefaultVersion": true}}})
	}
	for i := range roles {
		trust := map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}}}
		if i%3 == 0 {
			trust = map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sts:AssumeRole",
				"Condition": map[string]any{"StringEquals": map[string]any{"sts:ExternalId": fmt.Sprintf("ext-%d", i)}}}}}
		}
		d.RoleDetailList = append(d.RoleDetailList, map[string]any{"RoleName": fmt.Sprintf("app-%d-role", i), "Path": "/", "Arn": fmt.Sprintf("arn:aws:iam::111111111111:role/app-%d-role", i),
			"AssumeRolePolicyDocument": enc(trust),
			"RolePolicyList":           []any{map[string]any{"PolicyName": "logs", "PolicyDocument": enc(stmt(i + policies))}},
			"AttachedManagedPolicies": []any{
				map[string]any{"PolicyName": fmt.Sprintf("App%dAccess", (2*i)%policies), "PolicyArn": fmt.Sprintf("arn:aws:iam::111111111111:policy/App%dAccess", (2*i)%policies)},
				map[string]any{"PolicyName": fmt.Sprintf("App%dAccess", (2*i+1)%policies), "PolicyArn": fmt.Sprintf("arn:aws:iam::111111111111:policy/App%dAccess", (2*i+1)%policies)},
				map[string]any{"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"Tags": []any{map[string]any{"Key": "team", "Value": fmt.Sprintf("team-%d", i%20)}}})
	}
	js, _ := json.MarshalIndent(d, "", " ")
	return js
}

// BenchmarkImportLarge imports an account of 1,000 roles and 2,000
// customer-managed policies (the whole path: decoding, URL-decoding,
// building, and reading the world back twice).
func BenchmarkImportLarge(b *testing.B) {
	data := largeAccount(1000, 2000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Import([]File{{"large.json", data}}, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLargeAccountImports(t *testing.T) {
	data := largeAccount(1000, 2000)
	if path := os.Getenv("IAMPLAY_WRITE_LARGE"); path != "" {
		os.WriteFile(path, data, 0o644) // for measuring `iamplay import` with /usr/bin/time
	}
	res, err := Import([]File{{"large.json", data}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Roles != 1000 || res.Stats.Policies != 2000 {
		t.Errorf("stats %+v", res.Stats)
	}
	t.Logf("input %d bytes, world %d bytes", len(data), len(res.JSON))
}
