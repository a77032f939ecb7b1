package importer

import "encoding/json"

// The shapes of the AWS CLI outputs the importer reads. Fields the world
// does not use are ignored, as AWS adds fields over time.

// authDetails is the output of aws iam get-account-authorization-details.
type authDetails struct {
	UserDetailList  []userDetail    `json:"UserDetailList"`
	GroupDetailList []groupDetail   `json:"GroupDetailList"`
	RoleDetailList  []roleDetail    `json:"RoleDetailList"`
	Policies        []managedDetail `json:"Policies"`
	IsTruncated     bool            `json:"IsTruncated"`
}

type attached struct {
	PolicyName string `json:"PolicyName"`
	PolicyArn  string `json:"PolicyArn"`
}

type inline struct {
	PolicyName     string          `json:"PolicyName"`
	PolicyDocument json.RawMessage `json:"PolicyDocument"`
}

type boundary struct {
	PermissionsBoundaryType string `json:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `json:"PermissionsBoundaryArn"`
}

type tag struct {
	Key   string `json:"Key"`
	Value string `json:"Value"`
}

type userDetail struct {
	Path                    string     `json:"Path"`
	UserName                string     `json:"UserName"`
	Arn                     string     `json:"Arn"`
	GroupList               []string   `json:"GroupList"`
	AttachedManagedPolicies []attached `json:"AttachedManagedPolicies"`
	UserPolicyList          []inline   `json:"UserPolicyList"`
	PermissionsBoundary     *boundary  `json:"PermissionsBoundary"`
	Tags                    []tag      `json:"Tags"`
}

type groupDetail struct {
	Path                    string     `json:"Path"`
	GroupName               string     `json:"GroupName"`
	Arn                     string     `json:"Arn"`
	GroupPolicyList         []inline   `json:"GroupPolicyList"`
	AttachedManagedPolicies []attached `json:"AttachedManagedPolicies"`
}

type roleDetail struct {
	Path                     string          `json:"Path"`
	RoleName                 string          `json:"RoleName"`
	Arn                      string          `json:"Arn"`
	AssumeRolePolicyDocument json.RawMessage `json:"AssumeRolePolicyDocument"`
	RolePolicyList           []inline        `json:"RolePolicyList"`
	AttachedManagedPolicies  []attached      `json:"AttachedManagedPolicies"`
	PermissionsBoundary      *boundary       `json:"PermissionsBoundary"`
	Tags                     []tag           `json:"Tags"`
	MaxSessionDuration       int             `json:"MaxSessionDuration"`
	Description              string          `json:"Description"`
	InstanceProfileList      []struct {
		InstanceProfileName string `json:"InstanceProfileName"`
	} `json:"InstanceProfileList"`
}

type managedDetail struct {
	PolicyName        string `json:"PolicyName"`
	Arn               string `json:"Arn"`
	Path              string `json:"Path"`
	DefaultVersionId  string `json:"DefaultVersionId"`
	PolicyVersionList []struct {
		Document         json.RawMessage `json:"Document"`
		VersionId        string          `json:"VersionId"`
		IsDefaultVersion bool            `json:"IsDefaultVersion"`
	} `json:"PolicyVersionList"`
}

// orgDump is an AWS Organizations dump, assembled from describe-organization
// (Organization), list-roots (Roots), list-organizational-units-for-parent
// with each OU's ParentId, list-accounts-for-parent likewise (Accounts), and
// for each policy describe-policy (PolicySummary, Content) with
// list-targets-for-policy (Targets). See docs/interop.md.
type orgDump struct {
	Organization *struct {
		Id                  string `json:"Id"`
		MasterAccountId     string `json:"MasterAccountId"`
		ManagementAccountId string `json:"ManagementAccountId"`
	} `json:"Organization"`
	Roots []struct {
		Id   string `json:"Id"`
		Name string `json:"Name"`
	} `json:"Roots"`
	OrganizationalUnits []struct {
		Id       string `json:"Id"`
		Name     string `json:"Name"`
		ParentId string `json:"ParentId"`
	} `json:"OrganizationalUnits"`
	Accounts []struct {
		Id       string `json:"Id"`
		Name     string `json:"Name"`
		ParentId string `json:"ParentId"`
	} `json:"Accounts"`
	Policies []struct {
		PolicySummary struct {
			Id         string `json:"Id"`
			Name       string `json:"Name"`
			Type       string `json:"Type"`
			AwsManaged bool   `json:"AwsManaged"`
		} `json:"PolicySummary"`
		Content json.RawMessage `json:"Content"`
		Targets []struct {
			TargetId string `json:"TargetId"`
		} `json:"Targets"`
	} `json:"Policies"`
}

// resourcePolicies lists resource-based policies (bucket policies, key
// policies, …): {"ResourcePolicies": [{"Arn", "Account", "Policy", "Tags"}]}.
type resourcePolicies struct {
	ResourcePolicies []struct {
		Arn     string          `json:"Arn"`
		Account string          `json:"Account"`
		Policy  json.RawMessage `json:"Policy"`
		Tags    []tag           `json:"Tags"`
	} `json:"ResourcePolicies"`
}

// credentialReport is the output of aws iam get-credential-report: the
// report as base64 CSV.
type credentialReport struct {
	Content      string `json:"Content"`
	ReportFormat string `json:"ReportFormat"`
}
