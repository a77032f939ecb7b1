package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// bigInput is a policy of 100 statements, like the one the browser
// benchmark (tools/bench) types into.
func bigInput() []byte {
	var sb strings.Builder
	sb.WriteString("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n")
	services := []string{"s3", "ec2", "dynamodb", "lambda", "logs", "sqs", "sns", "kms"}
	for i := range 100 {
		svc := services[i%len(services)]
		fmt.Fprintf(&sb, "    {\n      \"Sid\": \"Statement%d\",\n      \"Effect\": \"Allow\",\n", i)
		fmt.Fprintf(&sb, "      \"Action\": [\"%s:Get*\", \"%s:List*\", \"%s:Describe%d\"],\n", svc, svc, svc, i)
		fmt.Fprintf(&sb, "      \"Resource\": \"arn:aws:%s:*:111111111111:thing%d/*\"", svc, i)
		switch i % 4 {
		case 1:
			sb.WriteString(",\n      \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": [\"203.0.113.0/24\", \"198.51.100.0/24\"]}}")
		case 2:
			sb.WriteString(",\n      \"Condition\": {\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}, \"StringLike\": {\"aws:PrincipalTag/team\": \"dev-*\"}}")
		}
		sb.WriteString("\n    }")
		if i < 99 {
			sb.WriteString(",")
		}
		sb.WriteString("\n")
	}
	sb.WriteString("  ]\n}")
	b, _ := json.Marshal(map[string]any{
		"policies": map[string]any{"identity": []map[string]string{{"name": "Big", "document": sb.String()}}},
		"request": map[string]any{"principal": "arn:aws:iam::111111111111:user/alice", "action": "s3:GetObject",
			"resource": "arn:aws:s3:*:111111111111:thing96/report.csv", "context": map[string]any{"aws:SourceIp": "203.0.113.7"}},
	})
	return b
}

func BenchmarkEvaluate100Statements(b *testing.B) {
	in := bigInput()
	b.ReportAllocs()
	for b.Loop() {
		Evaluate(in)
	}
}
