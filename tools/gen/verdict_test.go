package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVerdictKinds builds the real library and checks that the scenario
// pages name the three outcomes that are not policy decisions as what they
// are: a call AWS refuses whatever the policies say (the root user calling
// sts:AssumeRole: AssumeRole API reference, "You cannot use AWS account
// root user credentials to call AssumeRole"), a call the world refuses (a
// DurationSeconds over the role's maximum session duration: AssumeRole API
// reference, DurationSeconds), and a call never sent (no credentials: AWS
// SDKs and Tools Reference Guide, "Standardized credential providers").
func TestVerdictKinds(t *testing.T) {
	cfg := Config{Content: "../../content", Scenarios: catalog("../../scenarios"), Out: filepath.Join(t.TempDir(), "dist"), Keep: []string{"play"}}
	if err := Build(cfg); err != nil {
		t.Fatal(err)
	}
	site := readTree(t, cfg.Out)
	tests := []struct {
		page, request, class, label, reason string
	}{
		{"scenarios/19-root-user/index.html", "root-assumes-role", "refused", "Refused by AWS", "root user cannot assume a role"},
		{"scenarios/07-single-account-iam-roles/index.html", "", "refused", "Refused by AWS", "exceeds the role&#39;s maximum session duration"},
		{"scenarios/02-ec2-instance-role-product-images/index.html", "worker-without-profile", "notSent", "Never sent (no credentials)", "Unable to locate credentials"},
		{"scenarios/22-troubleshoot-ec2-to-s3/index.html", "no-instance-profile", "notSent", "Never sent (no credentials)", "Unable to locate credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			html := string(site[tt.page])
			if html == "" {
				t.Fatalf("no page %s", tt.page)
			}
			i := strings.Index(html, `<details class="verdict `+tt.class+`">`)
			if i < 0 {
				t.Fatalf("no %s verdict on the page", tt.class)
			}
			box := html[i:]
			box = box[:strings.Index(box, "</details>")]
			if !strings.Contains(box, "<strong>"+tt.label+".</strong>") || !strings.Contains(box, tt.reason) {
				t.Errorf("verdict box %q: want %q and %q", box, tt.label, tt.reason)
			}
			if strings.Contains(box, "Allowed") {
				t.Errorf("a refused or unsent call is shown as allowed: %q", box)
			}
		})
	}
}
