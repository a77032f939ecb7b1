package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/wasm/share"
)

// What AWS refuses whatever the policies say is shown as a refusal, not as
// a policy decision (the STS API Reference: the root user cannot call
// AssumeRole), and the flow chart has the VPC endpoint policy stage.
func TestRefusalBannerAndEndpointStage(t *testing.T) {
	ctx := tab(t)
	in, _ := json.Marshal(map[string]any{
		"policies": map[string]any{
			"resource": map[string]any{"name": "trust", "document": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"sts:AssumeRole"}]}`},
		},
		"request": map[string]any{
			"principal": "arn:aws:iam::111111111111:root",
			"action":    "sts:AssumeRole",
			"resource":  "arn:aws:iam::111111111111:role/Deploy",
		},
	})
	open(t, ctx, link(t, share.State{Engine: engine.Version, Input: in}))
	waitFor(t, ctx, `!!window.iamplayPlay.report()`)
	if cls := banner(t, ctx); !strings.Contains(cls, "refused") {
		t.Errorf("banner class %q does not show a refusal", cls)
	}
	if got := eval[string](t, ctx, `document.getElementById("decision").textContent`); got != "Refused by AWS" {
		t.Errorf("decision text %q", got)
	}
	if reason := eval[string](t, ctx, `document.getElementById("reason").textContent`); !strings.Contains(reason, "root user cannot assume a role") {
		t.Errorf("reason %q does not say why", reason)
	}
	if !eval[bool](t, ctx, `!!document.querySelector('#flow g[data-stage="vpcEndpoint"]')`) {
		t.Error("the flow chart has no VPC endpoint policy stage")
	}
}
