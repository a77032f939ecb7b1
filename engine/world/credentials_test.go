package world

import (
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
)

// An instance without an instance profile has no credentials: the SDK's
// default credential provider chain (environment, shared files, container,
// then the instance metadata service) ends empty and the SDK fails locally
// with "Unable to locate credentials" before sending anything. AWS SDKs and
// Tools Reference Guide, "Standardized credential providers"
// (https://docs.aws.amazon.com/sdkref/latest/guide/standardized-credentials.html)
// and "IMDS credential provider"
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-imds-credentials.html).
const noProfileWorld = `{
  "title": "No instance profile",
  "summary": "An instance without a role and a bucket anyone may read.",
  "world": {
    "accounts": [{"id": "111111111111", "name": "Prod",
      "roles": [{"name": "WebRole",
        "trustPolicy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "inlinePolicies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}],
      "instances": [{"id": "i-0000000000000001", "name": "bare"},
                    {"id": "i-0000000000000002", "name": "web", "role": "WebRole"}],
      "resources": [{"arn": "arn:aws:s3:::public-bucket",
        "policy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public-bucket/*"}]}}]}]
  },
  "requests": [
    {"name": "bare-reads-public", "principal": {"instance": "bare"}, "action": "s3:GetObject",
     "resource": "arn:aws:s3:::public-bucket/a.txt", "expect": "implicitDeny"},
    {"name": "web-reads-public", "principal": {"instance": "web"}, "action": "s3:GetObject",
     "resource": "arn:aws:s3:::public-bucket/a.txt", "expect": "allowed"}
  ]
}`

func TestInstanceWithoutProfileNeverSends(t *testing.T) {
	s, errs := Parse("no-profile.json", []byte(noProfileWorld))
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	tests := []struct {
		request  string
		notSent  bool
		decision engine.Decision
	}{
		// Even a bucket anyone may read is not read: no request goes out,
		// so the bucket policy's Principal "*" is never consulted.
		{"bare-reads-public", true, engine.ImplicitDeny},
		{"web-reads-public", false, engine.Allowed},
	}
	for _, tt := range tests {
		t.Run(tt.request, func(t *testing.T) {
			o := s.Evaluate(s.Request(tt.request), engine.Options{Trace: true})
			if o.Decision != tt.decision {
				t.Errorf("decision %s, want %s", o.Decision, tt.decision)
			}
			st := o.Steps[o.Decider]
			if st.NotSent() != tt.notSent {
				t.Fatalf("deciding step %q (kind %s): NotSent %v, want %v", st.Label, st.Kind, st.NotSent(), tt.notSent)
			}
			if !tt.notSent {
				return
			}
			if len(o.Steps) != 1 || st.Policies != nil || st.Result != nil || st.Refused() {
				t.Errorf("a request never sent is not evaluated: %d steps, policies %v, result %v", len(o.Steps), st.Policies, st.Result)
			}
			if !strings.Contains(st.Note, "Unable to locate credentials") || strings.Contains(st.Note, "anonymous") {
				t.Errorf("note %q should give the SDK's local error, not an anonymous call", st.Note)
			}
			var b strings.Builder
			if err := o.WriteText(&b); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(b.String(), "Not sent") {
				t.Errorf("text outcome does not say the request was not sent:\n%s", b.String())
			}
		})
	}
}
