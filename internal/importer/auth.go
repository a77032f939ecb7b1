package importer

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
	"github.com/iamplayground/iamplay/engine/world"
)

// arnAccount returns the account field of an ARN ("aws" for AWS managed
// policies), or "".
func arnAccount(arn string) string {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 || p[0] != "arn" {
		return ""
	}
	return p[4]
}

// arnName is the last path segment of an ARN's resource.
func arnName(arn string) string {
	return arn[strings.LastIndexByte(arn, '/')+1:]
}

// authDetails reads one account's get-account-authorization-details.
func (b *builder) authDetails(d *authDetails) error {
	if d.IsTruncated {
		b.warnf("the authorization details are truncated (IsTruncated): only the first page was given; the AWS CLI fetches every page unless --max-items or --no-paginate is used")
	}
	acct, err := accountOf(d)
	if err != nil {
		return err
	}
	a := b.account(acct)
	if len(a.Users)+len(a.Roles)+len(a.Groups) > 0 {
		return errors.New("account " + acct + " is given twice")
	}
	m := &managedIndex{b: b, acct: acct, docs: map[string]json.RawMessage{}, declared: map[string]bool{}}
	for _, p := range d.Policies {
		doc, err := defaultDocument(p)
		if err != nil {
			return errors.New("policy " + p.Arn + ": " + err.Error())
		}
		m.docs[p.Arn] = doc
		if arnAccount(p.Arn) == acct {
			a.Policies = append(a.Policies, &policyOut{Name: p.PolicyName, Path: nonRoot(p.Path), Document: doc})
			m.declared[p.Arn] = true
			b.stats.Policies++
		}
	}
	groups := map[string]bool{}
	for _, g := range d.GroupDetailList {
		out := &groupOut{Name: g.GroupName, Path: nonRoot(g.Path)}
		var err error
		if out.InlinePolicies, err = b.inlines(g.GroupPolicyList, "group "+g.GroupName); err != nil {
			return err
		}
		out.ManagedPolicies, out.InlinePolicies = m.attach(g.AttachedManagedPolicies, out.InlinePolicies, "group "+g.GroupName)
		a.Groups = append(a.Groups, out)
		groups[g.GroupName] = true
		b.stats.Groups++
	}
	for _, u := range d.UserDetailList {
		out := &userOut{Name: u.UserName, Path: nonRoot(u.Path), Tags: tags(u.Tags)}
		for _, g := range u.GroupList {
			if !groups[g] {
				b.warnf("user %s is in group %s, which the output does not list: left out", u.UserName, g)
				continue
			}
			out.Groups = append(out.Groups, g)
		}
		var err error
		if out.InlinePolicies, err = b.inlines(u.UserPolicyList, "user "+u.UserName); err != nil {
			return err
		}
		out.ManagedPolicies, out.InlinePolicies = m.attach(u.AttachedManagedPolicies, out.InlinePolicies, "user "+u.UserName)
		out.PermissionsBoundary = m.boundary(u.PermissionsBoundary, "user "+u.UserName)
		a.Users = append(a.Users, out)
		b.stats.Users++
	}
	for _, r := range d.RoleDetailList {
		trust, err := document(r.AssumeRolePolicyDocument)
		if err != nil {
			return errors.New("role " + r.RoleName + ": trust policy: " + err.Error())
		}
		out := &roleOut{Name: r.RoleName, Path: nonRoot(r.Path), TrustPolicy: trust, Tags: tags(r.Tags)}
		if r.MaxSessionDuration >= 3600 && r.MaxSessionDuration <= 43200 && r.MaxSessionDuration != 3600 {
			out.MaxSessionDuration = r.MaxSessionDuration
		}
		if out.InlinePolicies, err = b.inlines(r.RolePolicyList, "role "+r.RoleName); err != nil {
			return err
		}
		out.ManagedPolicies, out.InlinePolicies = m.attach(r.AttachedManagedPolicies, out.InlinePolicies, "role "+r.RoleName)
		out.PermissionsBoundary = m.boundary(r.PermissionsBoundary, "role "+r.RoleName)
		a.Roles = append(a.Roles, out)
		b.stats.Roles++
	}
	return nil
}

func nonRoot(path string) string {
	if path == "/" {
		return ""
	}
	return path
}

func tags(ts []tag) map[string]string {
	if len(ts) == 0 {
		return nil
	}
	m := make(map[string]string, len(ts))
	for _, t := range ts {
		m[t.Key] = t.Value
	}
	return m
}

func defaultDocument(p managedDetail) (json.RawMessage, error) {
	for _, v := range p.PolicyVersionList {
		if v.IsDefaultVersion || (p.DefaultVersionId != "" && v.VersionId == p.DefaultVersionId) {
			return document(v.Document)
		}
	}
	return nil, errors.New("no default version in PolicyVersionList")
}

func (b *builder) inlines(list []inline, owner string) ([]*inlineOut, error) {
	var out []*inlineOut
	for _, ip := range list {
		doc, err := document(ip.PolicyDocument)
		if err != nil {
			return nil, errors.New(owner + ": inline policy " + ip.PolicyName + ": " + err.Error())
		}
		out = append(out, &inlineOut{Name: ip.PolicyName, Document: doc})
		b.stats.InlinePolicies++
	}
	return out, nil
}

// managedIndex resolves managed policy attachments of one account.
type managedIndex struct {
	b        *builder
	acct     string
	docs     map[string]json.RawMessage // every policy document of the output, by ARN
	declared map[string]bool            // the account's customer-managed policies
}

// attach returns the references of the attached policies. An AWS managed
// policy the playground does not embed becomes an inline copy when the
// output holds its document (same evaluation), and is left out otherwise.
func (m *managedIndex) attach(list []attached, inl []*inlineOut, owner string) ([]string, []*inlineOut) {
	var refs []string
	for _, at := range list {
		switch acct := arnAccount(at.PolicyArn); {
		case acct == "aws":
			if _, _, ok := world.Managed(at.PolicyArn); ok {
				refs = append(refs, at.PolicyArn)
			} else if doc, ok := m.docs[at.PolicyArn]; ok {
				inl = append(inl, &inlineOut{Name: at.PolicyName + " (AWS managed copy)", Document: doc})
				m.b.warnf("AWS managed policy %s is not embedded in this version of the playground: its document from the output is used as an inline copy", at.PolicyArn)
			} else {
				m.b.warnf("AWS managed policy %s is not embedded in this version of the playground and the output has no document for it (aws iam get-account-authorization-details --filter AWSManagedPolicy adds them): left out, so it grants nothing here", at.PolicyArn)
			}
		case acct == m.acct && m.declared[at.PolicyArn]:
			refs = append(refs, at.PolicyName)
		default:
			m.b.warnf("%s: attached policy %s is not in the output's Policies: left out", owner, at.PolicyArn)
		}
	}
	return refs, inl
}

// boundary returns the reference of a permissions boundary.
func (m *managedIndex) boundary(bd *boundary, owner string) string {
	if bd == nil || bd.PermissionsBoundaryArn == "" {
		return ""
	}
	arn := bd.PermissionsBoundaryArn
	switch acct := arnAccount(arn); {
	case acct == "aws":
		if _, _, ok := world.Managed(arn); ok {
			return arn
		}
	case acct == m.acct && m.declared[arn]:
		return arnName(arn)
	}
	m.b.warnf("%s: permissions boundary %s cannot be resolved: left out, so nothing caps this principal here (a wider answer than AWS's)", owner, arn)
	return ""
}

// accountOf is the one account the ARNs of the output name.
func accountOf(d *authDetails) (string, error) {
	acct := ""
	var arns []string
	for _, u := range d.UserDetailList {
		arns = append(arns, u.Arn)
	}
	for _, g := range d.GroupDetailList {
		arns = append(arns, g.Arn)
	}
	for _, r := range d.RoleDetailList {
		arns = append(arns, r.Arn)
	}
	for _, p := range d.Policies {
		if a := arnAccount(p.Arn); a != "aws" {
			arns = append(arns, p.Arn)
		}
	}
	for _, arn := range arns {
		a := arnAccount(arn)
		if !policy.IsAccountID(a) {
			return "", errors.New("ARN " + arn + " names no account")
		}
		if acct != "" && a != acct {
			return "", errors.New("the output mixes accounts " + acct + " and " + a + "; give one file per account")
		}
		acct = a
	}
	if acct == "" {
		return "", errors.New("the authorization details list no user, group, role or customer-managed policy, so the account is unknown")
	}
	return acct, nil
}
