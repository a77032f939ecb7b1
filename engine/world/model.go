package world

import (
	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Scenario is a parsed scenario file: a world and the requests asked of it.
type Scenario struct {
	ID, Title, Summary string
	// Explanation is Markdown.
	Explanation string
	Tags        []string
	World       *World
	// Requests holds the named requests, then one request per matrix cell.
	Requests []*Request
	Matrix   *Matrix
	// Context is added to every request (a request's own context wins).
	Context map[string]engine.ContextValue
	Source  *policy.Source
}

// Request returns the request with this name, or nil.
func (s *Scenario) Request(name string) *Request {
	for _, r := range s.Requests {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// World is the organization, its accounts and Identity Center.
type World struct {
	Region string // default region of requests
	Time   string // aws:CurrentTime of requests, RFC 3339
	Org    *Org   // nil when there is no organization
	// Accounts in file order.
	Accounts       []*Account
	IdentityCenter *IdentityCenter // nil when not used
	accounts       map[string]*Account
}

// Org is an AWS Organizations organization.
type Org struct {
	ID                string
	ManagementAccount string
	Root              *OrgNode
	// Policies are the organization's own SCPs and RCPs, by name.
	Policies map[string]*OrgPolicy
	hasRCP   bool
}

// OrgPolicy is an SCP or RCP of the organization.
type OrgPolicy struct {
	Name   string
	Policy *policy.Policy // Type is policy.SCP or policy.RCP
}

// NodeKind says what an organization node is.
type NodeKind uint8

// Organization node kinds.
const (
	NodeRoot NodeKind = iota
	NodeOU
	NodeAccount
)

// OrgNode is the root, an organizational unit or an account in the
// organization tree.
type OrgNode struct {
	Kind     NodeKind
	ID, Name string
	SCPs     []*OrgPolicy
	RCPs     []*OrgPolicy // own RCPs; RCPFullAWSAccess is implied
	Parent   *OrgNode
	Children []*OrgNode
}

// Path lists the nodes from the root down to n.
func (n *OrgNode) Path() []*OrgNode {
	var p []*OrgNode
	for x := n; x != nil; x = x.Parent {
		p = append([]*OrgNode{x}, p...)
	}
	return p
}

// Label names the node in prose: "root r-sc12", "OU Workloads", "account
// 111111111111 (SecureCart-Production)".
func (n *OrgNode) Label() string {
	switch n.Kind {
	case NodeRoot:
		return "root " + n.ID
	case NodeOU:
		return "OU " + n.Name
	}
	if n.Name != "" {
		return "account " + n.ID + " (" + n.Name + ")"
	}
	return "account " + n.ID
}

// Account is one AWS account.
type Account struct {
	ID, Name string
	// Node is the account's place in the organization, nil outside one.
	Node           *OrgNode
	RootMFA        bool
	RootAccessKeys []AccessKey
	// Policies are the customer-managed policies, in file order.
	Policies  []*ManagedPolicy
	Groups    []*Group
	Users     []*User
	Roles     []*Role
	Instances []*Instance
	Functions []*Function
	Resources []*Resource
	// Endpoints are the account's VPC endpoints, with their policies.
	Endpoints []*Endpoint
}

// Label names the account: "111111111111 (SecureCart-Production)".
func (a *Account) Label() string {
	if a.Name != "" {
		return a.ID + " (" + a.Name + ")"
	}
	return a.ID
}

// Policy returns the customer-managed policy with this name, or nil.
func (a *Account) Policy(name string) *ManagedPolicy {
	for _, p := range a.Policies {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// User returns the IAM user with this name, or nil.
func (a *Account) User(name string) *User {
	for _, u := range a.Users {
		if u.Name == name {
			return u
		}
	}
	return nil
}

// Group returns the IAM group with this name, or nil.
func (a *Account) Group(name string) *Group {
	for _, g := range a.Groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// Role returns the role with this name, or nil.
func (a *Account) Role(name string) *Role {
	for _, r := range a.Roles {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// ManagedPolicy is a managed policy: AWS managed or customer managed.
type ManagedPolicy struct {
	ARN, Name string
	AWS       bool // AWS managed
	Policy    *policy.Policy
}

// InlinePolicy is a policy embedded in a user, group or role.
type InlinePolicy struct {
	Name   string
	Policy *policy.Policy
}

// Tag is a key–value tag.
type Tag struct{ Key, Value string }

// AccessKey is a long-term access key.
type AccessKey struct {
	ID       string
	Active   bool
	Created  string
	LastUsed string
}

// Group is an IAM group.
type Group struct {
	Name, Path string
	Account    *Account
	Managed    []*ManagedPolicy
	Inline     []*InlinePolicy
}

// User is an IAM user.
type User struct {
	Name, Path      string
	Account         *Account
	Groups          []*Group
	Managed         []*ManagedPolicy
	Inline          []*InlinePolicy
	Boundary        *ManagedPolicy
	Tags            []Tag
	MFA             bool // has an MFA device
	ConsolePassword bool
	AccessKeys      []AccessKey
}

// ARN is the user's ARN.
func (u *User) ARN() string { return "arn:aws:iam::" + u.Account.ID + ":user" + u.Path + u.Name }

// Role is an IAM role, including the roles Identity Center creates.
type Role struct {
	Name, Path  string
	Account     *Account
	Trust       *policy.Policy
	Managed     []*ManagedPolicy
	Inline      []*InlinePolicy
	Boundary    *ManagedPolicy
	Tags        []Tag
	MaxSession  int // seconds
	Description string
	// PermissionSet is set for the AWSReservedSSO_ roles of Identity Center.
	PermissionSet *PermissionSet
}

// ARN is the role's ARN, path included.
func (r *Role) ARN() string { return "arn:aws:iam::" + r.Account.ID + ":role" + r.Path + r.Name }

// Instance is an EC2 instance; Role is its instance profile's role, nil
// when it has no instance profile.
type Instance struct {
	ID, Name string
	Account  *Account
	Role     *Role
}

// ARN is the instance's ARN in the world's region.
func (i *Instance) ARN(region string) string {
	return "arn:aws:ec2:" + region + ":" + i.Account.ID + ":instance/" + i.ID
}

// Function is a Lambda function with its execution role.
type Function struct {
	Name    string
	Account *Account
	Role    *Role
}

// ARN is the function's ARN in the world's region.
func (f *Function) ARN(region string) string {
	return "arn:aws:lambda:" + region + ":" + f.Account.ID + ":function:" + f.Name
}

// Resource is a resource with a resource-based policy or tags.
type Resource struct {
	ARN     string
	Account *Account
	Policy  *policy.Policy // nil when it has none
	Tags    []Tag
}

// IdentityCenter is IAM Identity Center: its users, groups, permission sets
// and account assignments.
type IdentityCenter struct {
	Groups         []string
	Users          []*ICUser
	PermissionSets []*PermissionSet
	Assignments    []*Assignment
}

// ICUser is an Identity Center user.
type ICUser struct {
	Name   string
	Groups []string
}

// PermissionSet is an Identity Center permission set.
type PermissionSet struct {
	Name            string
	Managed         []*ManagedPolicy // AWS managed
	CustomerManaged []string         // names, declared in every assigned account
	Inline          *policy.Policy
	Boundary        string // a policy reference, resolved per account
	SessionDuration int
	// Roles are the AWSReservedSSO_ roles, by account id.
	Roles map[string]*Role
}

// Assignment gives a group or user a permission set in accounts.
type Assignment struct {
	PermissionSet *PermissionSet
	Group, User   string
	Accounts      []string
}

// assigned reports whether the Identity Center user may use the permission
// set in the account.
func (ic *IdentityCenter) assigned(u *ICUser, ps *PermissionSet, account string) bool {
	for _, a := range ic.Assignments {
		if a.PermissionSet != ps {
			continue
		}
		who := a.User == u.Name
		for _, g := range u.Groups {
			who = who || (a.Group != "" && a.Group == g)
		}
		if !who {
			continue
		}
		for _, acc := range a.Accounts {
			if acc == account {
				return true
			}
		}
	}
	return false
}

// Matrix is an intended-access matrix: who (rows) may do what (columns).
type Matrix struct {
	Title   string
	Rows    []string
	Columns []string
	// Cells[row][col] is the request for that cell (also in
	// Scenario.Requests).
	Cells [][]*Request
}

// PrincipalKind says who makes a request's first call.
type PrincipalKind uint8

// Principal kinds.
const (
	PrincipalUser PrincipalKind = iota
	PrincipalRoot
	PrincipalIdentityCenter
	PrincipalInstance
	PrincipalFunction
	PrincipalRole
	PrincipalService
	PrincipalAnonymous
	PrincipalWebIdentity // a user of an OIDC provider, through sts:AssumeRoleWithWebIdentity
	PrincipalSAML        // a user of a SAML provider, through sts:AssumeRoleWithSAML
)

// Principal is who makes a request's first call and how they
// authenticated.
type Principal struct {
	Kind     PrincipalKind
	Account  *Account
	User     *User
	ICUser   *ICUser
	PermSet  *PermissionSet
	Instance *Instance
	Function *Function
	Role     *Role
	Service  string
	// SignIn is "console", "accessKey" or "sessionToken" for users.
	SignIn      string
	MFA         bool
	MFAAge      int
	SessionName string
	// Provider and Claims, for web identity and SAML principals: the
	// provider's ARN (or name) and the token's claims or assertion's
	// attributes, which become the provider's condition keys.
	Provider string
	Claims   map[string]string
}

// Assume is one sts:AssumeRole call of a request's chain.
type Assume struct {
	Role          *Role
	SessionName   string
	ExternalID    string
	Duration      int
	MFA           bool
	SessionPolicy *policy.Policy
	// Tags are session tags passed with the call: sts:TagSession must be
	// allowed too, and they become the session's aws:PrincipalTag/KEY.
	Tags []Tag
	Span policy.Span
}

// Request is a named request with its expected decision.
type Request struct {
	Name, Description string
	Principal         Principal
	Assume            []*Assume
	Action            string
	Resource          string
	ResourceOwner     string
	Context           map[string]engine.ContextValue
	// Via is the VPC endpoint the request is made through, or nil.
	Via    *Endpoint
	Expect engine.Decision
	// Row and Col locate a matrix cell; both are -1 for named requests.
	Row, Col int
	Span     policy.Span
}
