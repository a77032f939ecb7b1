package cond

import "testing"

// One table per family of "IAM JSON policy elements: Condition operators".

func TestString(t *testing.T) {
	runCases(t, []evalCase{
		{"StringEquals is exact matching, case sensitive", "StringEquals", one("johndoe"), one("johndoe"), true},
		{"StringEquals is exact matching, case sensitive: JohnDoe is denied", "StringEquals", one("johndoe"), one("JohnDoe"), false},
		{"StringEquals has no wildcards: * is literal", "StringEquals", one("home/*"), one("home/alice"), false},
		{"StringEquals has no wildcards: * matches itself", "StringEquals", one("home/*"), one("home/*"), true},
		{"several values for one key are evaluated using a logical OR", "StringEquals", []string{"12345", "67890"}, one("67890"), true},
		{"several values OR-ed, none matches", "StringEquals", []string{"12345", "67890"}, one("11111"), false},
		{"StringEquals empty string matches empty string", "StringEquals", one(""), one(""), true},
		{"StringNotEquals is negated matching: different value", "StringNotEquals", one("johndoe"), one("jane"), true},
		{"StringNotEquals is negated matching: same value", "StringNotEquals", one("johndoe"), one("johndoe"), false},
		{"negated operator with several values is a logical NOR: one matches", "StringNotEquals", []string{"public", "internal"}, one("internal"), false},
		{"negated operator with several values is a logical NOR: none matches", "StringNotEquals", []string{"public", "internal"}, one("private"), true},
		{"StringEqualsIgnoreCase is exact matching, ignoring case", "StringEqualsIgnoreCase", one("johndoe"), one("JohnDoe"), true},
		{"StringEqualsIgnoreCase still exact", "StringEqualsIgnoreCase", one("johndoe"), one("johndoe2"), false},
		{"StringEqualsIgnoreCase folds non-ASCII", "StringEqualsIgnoreCase", one("ÉQUIPE"), one("équipe"), true},
		{"StringNotEqualsIgnoreCase is negated matching, ignoring case", "StringNotEqualsIgnoreCase", one("JOHN"), one("john"), false},
		{"StringNotEqualsIgnoreCase different value", "StringNotEqualsIgnoreCase", one("JOHN"), one("jane"), true},
		{"StringLike: * matches any run of characters", "StringLike", one("home/*"), one("home/alice/notes.txt"), true},
		{"StringLike: You must specify wildcards to achieve partial string matches", "StringLike", one("home"), one("home/alice"), false},
		{"StringLike is case-sensitive matching", "StringLike", one("Home/*"), one("home/alice"), false},
		{"StringLike: ? matches a single character", "StringLike", one("t?.micro"), one("t2.micro"), true},
		{"StringLike: ? matches exactly one character", "StringLike", one("t?.micro"), one("t.micro"), false},
		{"StringLike: ? matches one multi-byte character", "StringLike", one("caf?"), one("café"), true},
		{"StringLike: ?? does not match one multi-byte character", "StringLike", one("caf??"), one("café"), false},
		{"StringLike: wildcards anywhere in the string", "StringLike", one("*/private/*.pdf"), one("home/alice/private/q1.pdf"), true},
		{"StringLike: wildcards anywhere, suffix differs", "StringLike", one("*/private/*.pdf"), one("home/alice/private/q1.txt"), false},
		{"StringLike: the doc's s3:prefix list with an empty string matches the bucket root", "StringLike", []string{"", "home/", "home/alice/"}, one(""), true},
		{"StringLike: t1.*, t2.*, m3.* from the IfExists example", "StringLike", []string{"t1.*", "t2.*", "m3.*"}, one("m3.large"), true},
		{"StringLike: t1.*, t2.*, m3.* does not allow m5", "StringLike", []string{"t1.*", "t2.*", "m3.*"}, one("m5.large"), false},
		{"StringNotLike is negated case-sensitive matching", "StringNotLike", one("key1*"), one("key2:audit"), true},
		{"StringNotLike: a match makes it false", "StringNotLike", one("key1*"), one("key1:legal"), false},
		{"StringNotLike NOR over values", "StringNotLike", []string{"key1*", "key2*"}, one("key2:audit"), false},
	})
}

func TestNumeric(t *testing.T) {
	runCases(t, []evalCase{
		{"NumericLessThanEquals: s3:max-keys up to 10, equal", "NumericLessThanEquals", one("10"), one("10"), true},
		{"NumericLessThanEquals: s3:max-keys up to 10, above", "NumericLessThanEquals", one("10"), one("11"), false},
		{"NumericLessThanEquals: decimal value", "NumericLessThanEquals", one("10"), one("9.5"), true},
		{"NumericEquals compares integer or decimal values, not text", "NumericEquals", one("10"), one("10.0"), true},
		{"NumericEquals: leading zeros do not matter", "NumericEquals", one("10"), one("010"), true},
		{"NumericEquals is exact beyond float64 precision", "NumericEquals", one("12345678901234567890"), one("12345678901234567891"), false},
		{"NumericEquals exact large integers equal", "NumericEquals", one("12345678901234567890"), one("12345678901234567890.000"), true},
		{"NumericEquals: -0 equals 0", "NumericEquals", one("0"), one("-0"), true},
		{"NumericNotEquals is negated matching", "NumericNotEquals", one("5"), one("6"), true},
		{"NumericNotEquals: equal value", "NumericNotEquals", one("5"), one("5.00"), false},
		{"NumericNotEquals NOR over several values", "NumericNotEquals", []string{"5", "6"}, one("6"), false},
		{"NumericLessThan: strictly less", "NumericLessThan", one("1.5"), one("1.49"), true},
		{"NumericLessThan: equal is not less", "NumericLessThan", one("1.5"), one("1.50"), false},
		{"NumericGreaterThan with negative numbers", "NumericGreaterThan", one("-2"), one("-1"), true},
		{"NumericGreaterThan: -3 is not greater than -2", "NumericGreaterThan", one("-2"), one("-3"), false},
		{"NumericGreaterThanEquals: equal", "NumericGreaterThanEquals", one("0.25"), one(".25"), true},
		{"NumericGreaterThanEquals: fractions compare digit by digit", "NumericGreaterThanEquals", one("0.25"), one("0.249999"), false},
		{"NumericGreaterThan with several values is OR-ed", "NumericGreaterThan", []string{"100", "1"}, one("50"), true},
		{"request value that is not a number does not match", "NumericEquals", one("5"), one("five"), false},
		{"request value that is not a number does not satisfy the negation either", "NumericNotEquals", one("5"), one("five"), false},
		{"request value with exponent is not an integer or decimal", "NumericEquals", one("1000"), one("1e3"), false},
	})
}

func TestDate(t *testing.T) {
	runCases(t, []evalCase{
		{"DateGreaterThan: aws:TokenIssueTime issued after 2020-01-01T00:00:01Z", "DateGreaterThan", one("2020-01-01T00:00:01Z"), one("2020-06-01T12:00:00Z"), true},
		{"DateGreaterThan: issued before", "DateGreaterThan", one("2020-01-01T00:00:01Z"), one("2019-12-31T23:59:59Z"), false},
		{"DateGreaterThan: equal is not greater", "DateGreaterThan", one("2020-01-01T00:00:01Z"), one("2020-01-01T00:00:01Z"), false},
		{"DateEquals: W3C date-only form is midnight UTC", "DateEquals", one("2026-01-01"), one("2026-01-01T00:00:00Z"), true},
		{"DateEquals: year-month form is the first of the month", "DateEquals", one("2026-02"), one("2026-02-01T00:00:00Z"), true},
		{"DateEquals: time zone offsets are applied", "DateEquals", one("2026-01-01T02:00:00+02:00"), one("2026-01-01T00:00:00Z"), true},
		{"DateEquals: negative offsets", "DateEquals", one("2025-12-31T19:00:00-05:00"), one("2026-01-01T00:00:00Z"), true},
		{"DateEquals: minutes without seconds", "DateEquals", one("2026-01-01T00:00Z"), one("2026-01-01T00:00:00Z"), true},
		{"DateGreaterThan: fractional seconds count", "DateGreaterThan", one("2026-01-01T00:00:00Z"), one("2026-01-01T00:00:00.001Z"), true},
		{"DateEquals: epoch (UNIX) time equals ISO 8601", "DateEquals", one("1767225600"), one("2026-01-01T00:00:00Z"), true},
		{"DateLessThan: aws:EpochTime request value in epoch seconds", "DateLessThan", one("2026-01-01T00:00:00Z"), one("1767225599"), true},
		{"DateLessThan: epoch seconds at the limit", "DateLessThan", one("2026-01-01T00:00:00Z"), one("1767225600"), false},
		{"DateLessThanEquals: at the limit", "DateLessThanEquals", one("2026-01-01T00:00:00Z"), one("1767225600"), true},
		{"DateGreaterThanEquals: leap day", "DateGreaterThanEquals", one("2024-02-29"), one("2024-02-29T00:00:00Z"), true},
		{"DateNotEquals is negated matching", "DateNotEquals", one("2026-01-01"), one("2026-01-02"), true},
		{"DateNotEquals: same instant", "DateNotEquals", one("2026-01-01"), one("2026-01-01T00:00:00.000Z"), false},
		{"DateLessThan several values OR-ed", "DateLessThan", []string{"2020-01-01", "2030-01-01"}, one("2026-01-01"), true},
		{"request value that is not a date does not match", "DateLessThan", one("2030-01-01"), one("yesterday"), false},
		{"request value that is not a date does not satisfy DateNotEquals", "DateNotEquals", one("2030-01-01"), one("yesterday"), false},
		{"request value with an impossible day is not a date", "DateLessThan", one("2030-01-01"), one("2026-02-30"), false},
		{"dates before 1970 and far future compare", "DateLessThan", one("9999-12-31T23:59:59Z"), one("0001-01-01T00:00:00Z"), true},
	})
}

func TestBool(t *testing.T) {
	runCases(t, []evalCase{
		{"Bool: aws:SecureTransport false matches a plain HTTP request", "Bool", one("false"), one("false"), true},
		{"Bool: true does not match false", "Bool", one("false"), one("true"), false},
		{"Bool values ignore case", "Bool", one("true"), one("TRUE"), true},
		{"Bool policy value ignores case", "Bool", one("True"), one("true"), true},
		{"Bool request value that is not a boolean does not match", "Bool", one("true"), one("yes"), false},
		{"Bool with both values matches any boolean", "Bool", []string{"true", "false"}, one("false"), true},
	})
}

func TestBinary(t *testing.T) {
	const v = "QmluYXJ5VmFsdWVJbkJhc2U2NA==" // the doc's example, "BinaryValueInBase64"
	runCases(t, []evalCase{
		{"BinaryEquals compares byte for byte against a base-64 encoded value", "BinaryEquals", one(v), one(v), true},
		{"BinaryEquals compares decoded bytes: padding is optional", "BinaryEquals", one(v), one("QmluYXJ5VmFsdWVJbkJhc2U2NA"), true},
		{"BinaryEquals different bytes", "BinaryEquals", one(v), one("QmluYXJ5"), false},
		{"BinaryEquals: one byte off", "BinaryEquals", one("AAE="), one("AAI="), false},
		{"BinaryEquals: request value that is not base64 does not match", "BinaryEquals", one(v), one("not base64!"), false},
		{"BinaryEquals: empty value", "BinaryEquals", one(""), one(""), true},
	})
}

func TestIPAddress(t *testing.T) {
	runCases(t, []evalCase{
		{"IpAddress: the request must come from 203.0.113.0 to 203.0.113.255", "IpAddress", one("203.0.113.0/24"), one("203.0.113.255"), true},
		{"IpAddress: outside the range", "IpAddress", one("203.0.113.0/24"), one("203.0.114.1"), false},
		{"IpAddress: an address without prefix uses the default prefix /32", "IpAddress", one("203.0.113.7"), one("203.0.113.7"), true},
		{"IpAddress: /32 default does not include the neighbour", "IpAddress", one("203.0.113.7"), one("203.0.113.8"), false},
		{"IpAddress: IPv6 2001:DB8:1234:5678::/64", "IpAddress", one("2001:DB8:1234:5678::/64"), one("2001:db8:1234:5678:abcd::1"), true},
		{"IpAddress: IPv6 outside /64", "IpAddress", one("2001:DB8:1234:5678::/64"), one("2001:db8:1234:5679::1"), false},
		{"IpAddress: an IPv6 address without prefix is /128", "IpAddress", one("2001:db8::1"), one("2001:DB8::1"), true},
		{"IpAddress: mix IPv4 and IPv6 ranges, IPv6 request", "IpAddress", []string{"203.0.113.0/24", "2001:DB8:1234:5678::/64"}, one("2001:db8:1234:5678::9"), true},
		{"IpAddress: mix IPv4 and IPv6 ranges, IPv4 request", "IpAddress", []string{"203.0.113.0/24", "2001:DB8:1234:5678::/64"}, one("203.0.113.9"), true},
		{"IpAddress: an IPv4 address does not match an IPv6 range", "IpAddress", one("2001:db8::/32"), one("203.0.113.9"), false},
		{"IpAddress: IPv4-mapped IPv6 request matches an IPv4 range", "IpAddress", one("203.0.113.0/24"), one("::ffff:203.0.113.9"), true},
		{"IpAddress: host bits in the policy range are ignored", "IpAddress", one("203.0.113.77/24"), one("203.0.113.1"), true},
		{"IpAddress: 0.0.0.0/0 matches every IPv4 address", "IpAddress", one("0.0.0.0/0"), one("8.8.8.8"), true},
		{"IpAddress: a request range inside the policy range", "IpAddress", one("10.0.0.0/8"), one("10.1.0.0/16"), true},
		{"IpAddress: a request range wider than the policy range", "IpAddress", one("10.1.0.0/16"), one("10.0.0.0/8"), false},
		{"NotIpAddress: all IP addresses except the specified range", "NotIpAddress", one("203.0.113.0/24"), one("198.51.100.1"), true},
		{"NotIpAddress: inside the range", "NotIpAddress", one("203.0.113.0/24"), one("203.0.113.1"), false},
		{"NotIpAddress NOR over ranges", "NotIpAddress", []string{"203.0.113.0/24", "198.51.100.0/24"}, one("198.51.100.1"), false},
		{"IpAddress: request value that is not an IP does not match", "IpAddress", one("0.0.0.0/0"), one("not-an-ip"), false},
		{"NotIpAddress: request value that is not an IP does not satisfy the negation either", "NotIpAddress", one("203.0.113.0/24"), one("not-an-ip"), false},
	})
}

func TestARN(t *testing.T) {
	runCases(t, []evalCase{
		{"ArnEquals: aws:SourceArn is the SNS topic", "ArnEquals", one("arn:aws:sns:us-east-1:123456789012:TOPIC-ID"), one("arn:aws:sns:us-east-1:123456789012:TOPIC-ID"), true},
		{"ArnEquals and ArnLike behave identically: ArnEquals takes wildcards", "ArnEquals", one("arn:aws:sns:*:123456789012:*"), one("arn:aws:sns:eu-west-1:123456789012:alerts"), true},
		{"ArnLike: each of the six components is checked separately", "ArnLike", one("arn:aws:sns:*:123456789012:*"), one("arn:aws:sns:eu-west-1:999999999999:alerts"), false},
		{"ArnLike: StringLike would match, ArnLike does not (the doc's finance example)", "ArnLike", one("arn:aws:someservice:*:111122223333:finance/*"), one("arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"), false},
		{"ArnLike is case-sensitive matching of the ARN", "ArnLike", one("arn:aws:iam::123456789012:role/Admin"), one("arn:aws:iam::123456789012:role/admin"), false},
		{"ArnLike: ? matches one character in a component", "ArnLike", one("arn:aws:ec2:us-east-?:123456789012:instance/*"), one("arn:aws:ec2:us-east-2:123456789012:instance/i-1"), true},
		{"ArnLike: the resource component may hold colons", "ArnLike", one("arn:aws:logs:us-east-1:123456789012:log-group:app:*"), one("arn:aws:logs:us-east-1:123456789012:log-group:app:log-stream:x"), true},
		{"ArnLike: * in the resource component", "ArnLike", one("arn:aws:iam::*:role/*"), one("arn:aws:iam::123456789012:role/path/Dev"), true},
		{"ArnLike: a * in the region does not span into the account", "ArnLike", one("arn:aws:s3:*:bucket"), one("arn:aws:s3:::bucket"), false},
		{"ArnLike: a policy value without six components matches no ARN", "ArnLike", one("arn:aws:s3"), one("arn:aws:s3:::bucket"), false},
		{"ArnLike: \"*\" matches every ARN, as in the Resource element", "ArnLike", one("*"), one("arn:aws:s3:::bucket"), true},
		{"ArnLike: request value that is not an ARN does not match", "ArnLike", one("*:*:*:*:*:*"), one("not-an-arn"), false},
		{"ArnLike several values OR-ed", "ArnLike", []string{"arn:aws:iam::111111111111:*", "arn:aws:iam::222222222222:*"}, one("arn:aws:iam::222222222222:root"), true},
		{"ArnNotEquals is negated matching for ARN", "ArnNotEquals", one("arn:aws:iam::111111111111:root"), one("arn:aws:iam::222222222222:root"), true},
		{"ArnNotLike: matching ARN makes it false", "ArnNotLike", one("arn:aws:iam::111111111111:*"), one("arn:aws:iam::111111111111:user/a"), false},
		{"ArnNotLike: a value without six components matches no ARN, so nothing is excluded", "ArnNotLike", one("arn:aws:s3"), one("arn:aws:s3:::bucket"), true},
		{"ArnNotLike: \"*\" excludes every ARN", "ArnNotLike", one("*"), one("arn:aws:s3:::bucket"), false},
		{"ArnNotLike: request value that is not an ARN does not satisfy the negation either", "ArnNotLike", one("arn:aws:iam::111111111111:*"), one("not-an-arn"), false},
	})
}

func TestNull(t *testing.T) {
	runCases(t, []evalCase{
		{"Null true: the key doesn't exist", "Null", one("true"), missing, true},
		{"Null true: the key exists", "Null", one("true"), one("2026-01-01T00:00:00Z"), false},
		{"Null false: the key exists and its value is not null", "Null", one("false"), one("x"), true},
		{"Null false: the key doesn't exist", "Null", one("false"), missing, false},
		{"Null values ignore case", "Null", one("TRUE"), missing, true},
		{"Null: context keys with empty values are null", "Null", one("true"), []string{}, true},
		{"Null false rejects a key with empty values", "Null", one("false"), []string{}, false},
		{"Null: a present empty string is a value", "Null", one("false"), one(""), true},
		{"Null with both values is always true", "Null", []string{"true", "false"}, one("x"), true},
	})
}
