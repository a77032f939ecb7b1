package awssim

import (
	"slices"
	"strconv"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/engine/policy"
)

// Response is the simulator's answer, as the AWS CLI prints it.
type Response struct {
	EvaluationResults []EvaluationResult `json:"EvaluationResults"`
	IsTruncated       bool               `json:"IsTruncated"`
}

// EvaluationResult is the result for one action: the most restrictive
// decision over the resources, and each resource's own in
// ResourceSpecificResults (AWS's current behaviour, "EvaluationResult" in
// the IAM API Reference).
type EvaluationResult struct {
	EvalActionName                    string                             `json:"EvalActionName"`
	EvalResourceName                  string                             `json:"EvalResourceName"`
	EvalDecision                      string                             `json:"EvalDecision"`
	MatchedStatements                 []Statement                        `json:"MatchedStatements"`
	MissingContextValues              []string                           `json:"MissingContextValues"`
	OrganizationsDecisionDetail       *OrganizationsDecisionDetail       `json:"OrganizationsDecisionDetail,omitempty"`
	PermissionsBoundaryDecisionDetail *PermissionsBoundaryDecisionDetail `json:"PermissionsBoundaryDecisionDetail,omitempty"`
	EvalDecisionDetails               map[string]string                  `json:"EvalDecisionDetails,omitempty"`
	ResourceSpecificResults           []ResourceSpecificResult           `json:"ResourceSpecificResults,omitempty"`
}

// ResourceSpecificResult is the result of one action on one resource.
type ResourceSpecificResult struct {
	EvalResourceName                  string                             `json:"EvalResourceName"`
	EvalResourceDecision              string                             `json:"EvalResourceDecision"`
	MatchedStatements                 []Statement                        `json:"MatchedStatements"`
	MissingContextValues              []string                           `json:"MissingContextValues"`
	PermissionsBoundaryDecisionDetail *PermissionsBoundaryDecisionDetail `json:"PermissionsBoundaryDecisionDetail,omitempty"`
}

// Statement points at a statement that decided, by the policy's id (such as
// "PolicyInputList.1") and its 1-based start and end positions (the end is
// the statement's closing brace).
type Statement struct {
	SourcePolicyId   string   `json:"SourcePolicyId"`
	SourcePolicyType string   `json:"SourcePolicyType"`
	StartPosition    Position `json:"StartPosition"`
	EndPosition      Position `json:"EndPosition"`
}

// Position is a 1-based line and column.
type Position struct {
	Line   int `json:"Line"`
	Column int `json:"Column"`
}

// OrganizationsDecisionDetail says whether the SCPs allow the action.
type OrganizationsDecisionDetail struct {
	AllowedByOrganizations bool `json:"AllowedByOrganizations"`
}

// PermissionsBoundaryDecisionDetail says whether the boundary allows it.
type PermissionsBoundaryDecisionDetail struct {
	AllowedByPermissionsBoundary bool `json:"AllowedByPermissionsBoundary"`
}

// Source is one policy the simulation uses, with the id and type the
// simulator reports it under.
type Source struct {
	Policy *policy.Policy
	ID     string // "PolicyInputList.1", a policy name …
	Type   string // user, group, role, aws-managed, user-managed, resource, none
}

// Simulation is what a request resolves to: the caller and its policies.
type Simulation struct {
	Caller   string
	Identity []Source
	Boundary *Source
	// Resource is the ResourcePolicy text, parsed per action (as a trust
	// policy for sts:AssumeRole on a role).
	Resource string
	// SCP holds the organization levels of the caller's account (root
	// first), for simulate-principal-policy against a world.
	SCP [][]*policy.Policy
}

var allowAll = mustParse(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`, policy.Identity)

func mustParse(text string, typ policy.Type) *policy.Policy {
	p, errs := policy.Parse("allow everything", []byte(text), typ)
	if errs.HasErrors() {
		panic(errs)
	}
	return p
}

// Custom resolves a simulate-custom-policy request: its policies are
// parsed from PolicyInputList and PermissionsBoundaryPolicyInputList, each
// problem placed in its document.
func Custom(r *Request) (*Simulation, error) {
	s := &Simulation{Caller: r.CallerArn, Resource: r.ResourcePolicy}
	var errs Errors
	for i, text := range r.PolicyInputList {
		id := "PolicyInputList." + strconv.Itoa(i+1)
		p, perrs := policy.Parse(id, []byte(text), policy.Identity)
		if perrs.HasErrors() {
			errs = append(errs, perrs)
			continue
		}
		p.Name = id
		s.Identity = append(s.Identity, Source{p, id, "none"})
	}
	if len(r.PermissionsBoundaryPolicyInputList) > 1 {
		errs = append(errs, &Error{Field: "PermissionsBoundaryPolicyInputList", Msg: "a principal has one permissions boundary; give one document"})
	}
	for _, text := range r.PermissionsBoundaryPolicyInputList[:min(1, len(r.PermissionsBoundaryPolicyInputList))] {
		id := "PermissionsBoundaryPolicyInputList.1"
		p, perrs := policy.Parse(id, []byte(text), policy.Boundary)
		if perrs.HasErrors() {
			errs = append(errs, perrs)
			continue
		}
		p.Name = id
		s.Boundary = &Source{p, id, "none"}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return s, nil
}

// Simulate evaluates every action of r on every resource against s.
func Simulate(r *Request, s *Simulation) (*Response, error) {
	resources := r.ResourceArns
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	resPols := map[policy.Type]*policy.Policy{}
	out := &Response{EvaluationResults: []EvaluationResult{}}
	for _, action := range r.ActionNames {
		er := EvaluationResult{EvalActionName: action, EvalResourceName: "*", MatchedStatements: []Statement{}, MissingContextValues: []string{}}
		if len(resources) == 1 {
			er.EvalResourceName = resources[0]
		}
		worst := engine.Allowed
		var results []ResourceSpecificResult
		for _, res := range resources {
			rr, d, err := s.one(r, action, res, resPols)
			if err != nil {
				return nil, err
			}
			if severity(d) > severity(worst) {
				worst = d
			}
			results = append(results, rr)
		}
		er.EvalDecision = worst.String()
		for _, rr := range results {
			if rr.EvalResourceDecision == er.EvalDecision {
				er.MatchedStatements = appendNew(er.MatchedStatements, rr.MatchedStatements...)
			}
			er.MissingContextValues = appendNew(er.MissingContextValues, rr.MissingContextValues...)
			if rr.PermissionsBoundaryDecisionDetail != nil && (er.PermissionsBoundaryDecisionDetail == nil || !rr.PermissionsBoundaryDecisionDetail.AllowedByPermissionsBoundary) {
				er.PermissionsBoundaryDecisionDetail = rr.PermissionsBoundaryDecisionDetail
			}
		}
		if len(s.SCP) > 0 {
			er.OrganizationsDecisionDetail = &OrganizationsDecisionDetail{AllowedByOrganizations: s.organizationsAllow(r, action, resources)}
		}
		slices.Sort(er.MissingContextValues)
		if len(r.ResourceArns) > 0 {
			er.ResourceSpecificResults = results
		}
		out.EvaluationResults = append(out.EvaluationResults, er)
	}
	return out, nil
}

func severity(d engine.Decision) int {
	switch d {
	case engine.ExplicitDeny:
		return 2
	case engine.ImplicitDeny:
		return 1
	}
	return 0
}

func appendNew[T comparable](list []T, items ...T) []T {
	for _, it := range items {
		if !slices.Contains(list, it) {
			list = append(list, it)
		}
	}
	return list
}
