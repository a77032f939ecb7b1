package awssim

import (
	"bytes"
	"encoding/json"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/policytext"
)

// Export is an evaluation written as the simulator request that asks the
// same question of a real account.
type Export struct {
	Request *Request `json:"request"`
	// Command is the shell command: aws iam simulate-custom-policy
	// --cli-input-json '…'.
	Command string `json:"command"`
	// Cannot lists what the simulator cannot express, so its answer may
	// differ from the playground's.
	Cannot []string `json:"cannot"`
}

// ExportInput writes an evaluation input as a simulate-custom-policy
// request: the identity-based policies, the permissions boundary, the
// resource-based policy, the caller, the action and resource, the owner
// and the given context keys with their types.
func ExportInput(in *engine.Input) *Export {
	return ExportPolicies(&in.Policies, in.Request)
}

// ExportPolicies is ExportInput for policies and a request, such as one
// step of a scenario request.
func ExportPolicies(p *engine.Policies, req engine.Request) *Export {
	r := &Request{ActionNames: []string{req.Action}, PolicyInputList: []string{}}
	if req.Resource != "" && req.Resource != "*" {
		r.ResourceArns = []string{req.Resource}
	}
	var cannot []string
	for _, pol := range p.Identity {
		r.PolicyInputList = append(r.PolicyInputList, compact(policytext.Of(pol)))
	}
	if p.Boundary != nil {
		r.PermissionsBoundaryPolicyInputList = []string{compact(policytext.Of(p.Boundary))}
	}
	if p.Resource != nil {
		r.ResourcePolicy = compact(policytext.Of(p.Resource))
	}
	pr, _ := engine.ParsePrincipal(req.Principal)
	switch pr.Kind {
	case engine.KindUser:
		r.CallerArn = req.Principal
	default:
		cannot = append(cannot, "the caller: CallerArn can only be an IAM user's ARN, so "+req.Principal+" ("+pr.Kind.String()+") is left out and AWS simulates an anonymous caller of the policies; aws:PrincipalArn and the other keys AWS derives from the caller are not set")
		if r.ResourcePolicy != "" {
			cannot = append(cannot, "a resource-based policy needs a CallerArn: the command is refused until you give an IAM user's ARN")
		}
	}
	if req.ResourceOwner != "" {
		r.ResourceOwner = "arn:aws:iam::" + req.ResourceOwner + ":root"
	}
	for _, k := range sortedKeys(req.Context) {
		v := req.Context[k]
		r.ContextEntries = append(r.ContextEntries, ContextEntry{ContextKeyName: k, ContextKeyValues: v.Values, ContextKeyType: keyType(v)})
	}
	if n := len(p.SCP); n > 0 {
		cannot = append(cannot, "service control policies ("+strconv.Itoa(n)+" organization levels): simulate-custom-policy ignores SCPs; simulate-principal-policy in the real account applies the account's own")
	}
	if len(p.RCP) > 0 {
		cannot = append(cannot, "resource control policies: the simulator does not evaluate RCPs")
	}
	if p.Session != nil {
		cannot = append(cannot, "the session policy: the simulator takes no session policies")
	}
	if p.Endpoint != nil {
		cannot = append(cannot, "the VPC endpoint policy: the simulator takes no endpoint policies")
	}
	if len(r.PolicyInputList) == 0 {
		cannot = append(cannot, "no identity-based policy: simulate-custom-policy requires one in PolicyInputList")
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(r)
	cmd := "aws iam simulate-custom-policy --cli-input-json " + shellQuote(strings.TrimSpace(b.String()))
	return &Export{Request: r, Command: cmd, Cannot: append([]string{}, cannot...)}
}

// compact removes the insignificant white space of a JSON document.
func compact(text string) string {
	var b bytes.Buffer
	if json.Compact(&b, []byte(text)) != nil {
		return text
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func sortedKeys(m map[string]engine.ContextValue) []string {
	return slices.Sorted(maps.Keys(m))
}

// keyType infers a ContextKeyType from the values.
func keyType(v engine.ContextValue) string {
	t := "string"
	if len(v.Values) > 0 {
		t = ""
		for _, s := range v.Values {
			t = join(t, valueType(s))
		}
	}
	if v.Multi || len(v.Values) > 1 {
		t += "List"
	}
	return t
}

func join(a, b string) string {
	if a == "" || a == b {
		return b
	}
	return "string"
}

func valueType(s string) string {
	if s == "true" || s == "false" {
		return "boolean"
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return "numeric"
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return "ip"
	}
	if _, err := netip.ParsePrefix(s); err == nil {
		return "ip"
	}
	if _, err := time.Parse(time.RFC3339, s); err == nil {
		return "date"
	}
	return "string"
}
