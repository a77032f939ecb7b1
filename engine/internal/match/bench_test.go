package match

import "testing"

var sink bool

func BenchmarkActionPrefixFold(b *testing.B) {
	p := Compile("s3:Get*")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.MatchFold("s3:GetObject")
	}
}

func BenchmarkActionExactFold(b *testing.B) {
	p := Compile("iam:PassRole")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.MatchFold("iam:passrole")
	}
}

func BenchmarkActionMiddleFold(b *testing.B) {
	p := Compile("iam:*Policy*")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.MatchFold("iam:AttachRolePolicyVersion")
	}
}

func BenchmarkExactLiteral(b *testing.B) {
	p := Compile("arn:aws:iam::123456789012:role/service-role/app")
	s := "arn:aws:iam::123456789012:role/service-role/app"
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Match(s)
	}
}

const objectARN = "arn:aws:s3:::securecart-product-images/catalog/2024/img01.jpg" // 60 bytes

func BenchmarkARNBucketObjects(b *testing.B) {
	p := CompileARN("arn:aws:s3:::securecart-product-images/*")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Match(objectARN)
	}
}

func BenchmarkARNWildcardRegionAccount(b *testing.B) {
	p := CompileARN("arn:aws:ec2:*:*:instance/*")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Match("arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0")
	}
}

func BenchmarkGlobBucketObjects(b *testing.B) {
	p := Compile("arn:aws:s3:::securecart-product-images/*")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Match(objectARN)
	}
}

func BenchmarkGlobQuestions(b *testing.B) {
	p := Compile("arn:aws:s3:::securecart-*/catalog/20??/*.jpg")
	b.ReportAllocs()
	for b.Loop() {
		sink = p.Match(objectARN)
	}
}
