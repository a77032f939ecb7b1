package match

import "testing"

func TestARNMatch(t *testing.T) {
	tests := []struct {
		name, pattern, value string
		want                 bool
	}{
		{"exact ARN", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket", true},
		{"resource is case-sensitive", "arn:aws:s3:::Bucket", "arn:aws:s3:::bucket", false},
		{"service is case-sensitive", "arn:aws:S3:::bucket", "arn:aws:s3:::bucket", false},
		{"star in resource spans slash", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b/c.jpg", true},
		{"star in resource spans colon", "arn:aws:logs:us-east-1:123456789012:log-group:*",
			"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", true},
		{"resource keeps further colons", "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s",
			"arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s", true},
		{"bucket ARN does not match object pattern", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket", false},
		{"star matches empty region and account", "arn:aws:s3:*:*:bucket", "arn:aws:s3:::bucket", true},
		{"star in region", "arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", true},
		{"wrong account", "arn:aws:ec2:*:123456789012:instance/*", "arn:aws:ec2:us-east-1:999999999999:instance/i-1", false},
		{"question in region", "arn:aws:ec2:us-east-?:*:*", "arn:aws:ec2:us-east-2:1:instance/i", true},
		{"question in account", "arn:aws:iam::12345678901?:root", "arn:aws:iam::123456789012:root", true},
		// ArnLike: each of the six parts is matched separately.
		{"star in account does not cross colon", "arn:aws:iam::*:role/x", "arn:aws:iam::1:2:role/x", false},
		{"plain glob would cross colon", "arn:aws:iam::*:role/x", "arn:aws:iam::1:role/x", true},
		{"star in service does not reach region", "arn:aws:*:instance/*", "arn:aws:ec2:us-east-1:1:instance/i", false},
		{"star partition", "arn:*:s3:::b", "arn:aws-cn:s3:::b", true},
		{"all-star parts", "*:*:*:*:*:*", "arn:aws:s3:::b", true},
		{"all-star parts reject non-ARN", "*:*:*:*:*:*", "a:b:c", false},
		{"role path in resource", "arn:aws:iam::123456789012:role/*", "arn:aws:iam::123456789012:role/path/to/r", true},
		// "*" and non-ARN values.
		{"lone star matches any ARN", "*", "arn:aws:s3:::b", true},
		{"lone star matches non-ARN", "*", "not-an-arn", true},
		{"lone star matches empty", "*", "", true},
		{"stars only match any value", "**", "x", true},
		{"ARN pattern rejects non-ARN", "arn:aws:s3:::*", "bucket", false},
		{"ARN pattern rejects short value", "arn:aws:s3:::*", "arn:aws:s3", false},
		{"short pattern rejects ARN", "arn:aws:s3*", "arn:aws:s3:::b", false},
		{"short pattern with star rejects ARN", "a*", "arn:aws:s3:::b", false},
		{"short pattern matches non-ARN plainly", "bucket-*", "bucket-1", true},
		{"short pattern star crosses colon in non-ARN", "a*d", "a:b:c:d", true},
		{"question is not a lone star", "?", "x", true},
		{"question does not match ARN", "?*", "arn:aws:s3:::b", false},
		{"empty pattern matches empty", "", "", true},
		{"ARN prefix literal, wildcard later", "arn:aws:iam::123456789012:user/${x}", "arn:aws:iam::123456789012:user/${x}", true},
		{"empty resource part", "arn:aws:s3:::", "arn:aws:s3:::", true},
		{"empty resource against star", "arn:aws:s3:::*", "arn:aws:s3:::", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := CompileARN(tt.pattern)
			if got := p.Match(tt.value); got != tt.want {
				t.Errorf("CompileARN(%q).Match(%q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
			}
			if ref := refARN(refPattern(tt.pattern, nil), tt.value); ref != tt.want {
				t.Errorf("reference = %v", ref)
			}
			if p.String() != tt.pattern {
				t.Errorf("String() = %q", p.String())
			}
		})
	}
	var z ARNPattern
	if !z.Match("") || z.Match("a") || z.Match("arn:aws:s3:::b") {
		t.Error("zero ARNPattern should match only the empty string")
	}
}

func TestARNParts(t *testing.T) {
	tests := []struct {
		name  string
		parts []Part
		value string
		want  bool
	}{
		{"variable in resource", []Part{{Text: "arn:aws:s3:::b/home/"}, {Text: "bob", Literal: true}, {Text: "/*"}},
			"arn:aws:s3:::b/home/bob/x", true},
		{"variable value star is literal", []Part{{Text: "arn:aws:s3:::b/home/"}, {Text: "*", Literal: true}, {Text: "/*"}},
			"arn:aws:s3:::b/home/alice/x", false},
		{"variable in account", []Part{{Text: "arn:aws:iam::"}, {Text: "123456789012", Literal: true}, {Text: ":role/*"}},
			"arn:aws:iam::123456789012:role/r", true},
		{"literal colon still splits parts", []Part{{Text: "arn:aws"}, {Text: ":s3:::", Literal: true}, {Text: "*"}},
			"arn:aws:s3:::b", true},
		{"literal star alone is not match-all", []Part{{Text: "*", Literal: true}}, "x", false},
		{"literal star alone matches star", []Part{{Text: "*", Literal: true}}, "*", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompileARNParts(tt.parts).Match(tt.value); got != tt.want {
				t.Errorf("Match(%q) = %v, want %v", tt.value, got, tt.want)
			}
			if ref := refARN(refParts(tt.parts), tt.value); ref != tt.want {
				t.Errorf("reference = %v", ref)
			}
		})
	}
}
