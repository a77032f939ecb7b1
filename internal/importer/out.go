package importer

import "encoding/json"

// The scenario file the importer writes (scenarios/FORMAT.md).

type scenarioFile struct {
	ID          string          `json:"id,omitempty"`
	Title       string          `json:"title"`
	Summary     string          `json:"summary"`
	Explanation []string        `json:"explanation,omitempty"`
	Tags        []string        `json:"tags,omitempty"`
	World       worldOut        `json:"world"`
	Requests    []*requestOut   `json:"requests"`
	Context     json.RawMessage `json:"context,omitempty"`
}

type worldOut struct {
	Region       string        `json:"region,omitempty"`
	Time         string        `json:"time,omitempty"`
	Organization *orgOut       `json:"organization,omitempty"`
	Accounts     []*accountOut `json:"accounts"`
}

type orgOut struct {
	ID                string          `json:"id"`
	ManagementAccount string          `json:"managementAccount,omitempty"`
	Policies          []*orgPolicyOut `json:"policies,omitempty"`
	Root              *nodeOut        `json:"root"`
}

type orgPolicyOut struct {
	Name     string          `json:"name"`
	Type     string          `json:"type"`
	Document json.RawMessage `json:"document"`
}

type nodeOut struct {
	Name     string     `json:"name,omitempty"`
	ID       string     `json:"id"`
	SCPs     []string   `json:"scps"`
	RCPs     []string   `json:"rcps,omitempty"`
	Accounts []string   `json:"accounts,omitempty"`
	OUs      []*nodeOut `json:"ous,omitempty"`
}

type accountOut struct {
	ID        string         `json:"id"`
	Name      string         `json:"name,omitempty"`
	SCPs      []string       `json:"scps,omitempty"`
	RCPs      []string       `json:"rcps,omitempty"`
	Policies  []*policyOut   `json:"policies,omitempty"`
	Groups    []*groupOut    `json:"groups,omitempty"`
	Users     []*userOut     `json:"users,omitempty"`
	Roles     []*roleOut     `json:"roles,omitempty"`
	Resources []*resourceOut `json:"resources,omitempty"`
	hasSCPs   bool
}

type policyOut struct {
	Name     string          `json:"name"`
	Path     string          `json:"path,omitempty"`
	Document json.RawMessage `json:"document"`
}

type inlineOut struct {
	Name     string          `json:"name"`
	Document json.RawMessage `json:"document"`
}

type groupOut struct {
	Name            string       `json:"name"`
	Path            string       `json:"path,omitempty"`
	ManagedPolicies []string     `json:"managedPolicies,omitempty"`
	InlinePolicies  []*inlineOut `json:"inlinePolicies,omitempty"`
}

type keyOut struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

type userOut struct {
	Name                string            `json:"name"`
	Path                string            `json:"path,omitempty"`
	Groups              []string          `json:"groups,omitempty"`
	ManagedPolicies     []string          `json:"managedPolicies,omitempty"`
	InlinePolicies      []*inlineOut      `json:"inlinePolicies,omitempty"`
	PermissionsBoundary string            `json:"permissionsBoundary,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
	MFA                 bool              `json:"mfa,omitempty"`
	ConsolePassword     bool              `json:"consolePassword,omitempty"`
	AccessKeys          []keyOut          `json:"accessKeys,omitempty"`
}

type roleOut struct {
	Name                string            `json:"name"`
	Path                string            `json:"path,omitempty"`
	TrustPolicy         json.RawMessage   `json:"trustPolicy"`
	ManagedPolicies     []string          `json:"managedPolicies,omitempty"`
	InlinePolicies      []*inlineOut      `json:"inlinePolicies,omitempty"`
	PermissionsBoundary string            `json:"permissionsBoundary,omitempty"`
	Tags                map[string]string `json:"tags,omitempty"`
	MaxSessionDuration  int               `json:"maxSessionDuration,omitempty"`
}

type resourceOut struct {
	ARN    string            `json:"arn"`
	Policy json.RawMessage   `json:"policy,omitempty"`
	Tags   map[string]string `json:"tags,omitempty"`
}

type requestOut struct {
	Name      string          `json:"name"`
	Principal json.RawMessage `json:"principal"`
	Action    string          `json:"action"`
	Resource  string          `json:"resource"`
	Expect    string          `json:"expect"`
}
