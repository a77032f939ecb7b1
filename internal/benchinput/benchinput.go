// Package benchinput builds the large input the speed figures are measured
// on: an identity policy of n statements with the actions, resources and
// conditions learners write, and a request it allows. The browser benchmark
// (tools/bench) types into it and the module's native benchmarks
// (wasm/api) evaluate it, so their figures describe the same work.
package benchinput

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Policy returns the identity policy of n statements: every 17th is a
// Deny, and three statements in four carry conditions.
func Policy(n int) string {
	var sb strings.Builder
	sb.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	services := []string{"s3", "ec2", "dynamodb", "lambda", "logs", "sqs", "sns", "kms"}
	for i := range n {
		svc := services[i%len(services)]
		effect := "Allow"
		if i%17 == 16 {
			effect = "Deny"
		}
		fmt.Fprintf(&sb, "    {\n      \"Sid\": \"Statement%d\",\n      \"Effect\": \"%s\",\n", i, effect)
		fmt.Fprintf(&sb, "      \"Action\": [\"%s:Get*\", \"%s:List*\", \"%s:Describe%d\"],\n", svc, svc, svc, i)
		fmt.Fprintf(&sb, "      \"Resource\": \"arn:aws:%s:*:111111111111:thing%d/*\"", svc, i)
		switch i % 4 {
		case 1:
			sb.WriteString(",\n      \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"198.51.100.0/24\"]}}")
		case 2:
			sb.WriteString(",\n      \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}, \"StringLike\": {\"aws:PrincipalTag/team\": \"dev-*\"}}")
		case 3:
			sb.WriteString(",\n      \"Condition\": {\"ForAllValues:StringEquals\": {\"aws:TagKeys\": [\"env\", \"team\"]}}")
		}
		sb.WriteString("\n    }")
		if i < n-1 {
			sb.WriteString(",")
		}
		sb.WriteString("\n")
	}
	sb.WriteString("  ]\n}")
	return sb.String()
}

// PolicyName is the name Input gives the policy.
const PolicyName = "Big"

// Input returns a flat engine input (see engine.ParseInput) holding
// Policy(n) as the identity policy PolicyName, and a request for an object
// that statement 96 allows.
func Input(n int) []byte {
	b, err := json.Marshal(map[string]any{
		"policies": map[string]any{"identity": []map[string]string{{"name": PolicyName, "document": Policy(n)}}},
		"request": map[string]any{
			"principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
			"resource": "arn:aws:s3:*:111111111111:thing96/report.csv",
			"context":  map[string]any{"aws:SourceIp": "203.0.113.7", "aws:MultiFactorAuthPresent": true, "aws:TagKeys": []string{"env"}},
		},
	})
	if err != nil {
		panic(err) // maps of strings always marshal
	}
	return b
}
