package lint

import (
	"strings"

	"github.com/iamplayground/iamplay/catalog"
	"github.com/iamplayground/iamplay/engine/policy"
)

// resources checks that the statement's resources suit its actions: an
// action without resource-level permissions needs "*", an action with them
// needs an ARN of a resource type it takes, and each ARN should fit some
// action of the statement.
//
// Service Authorization Reference, "Actions, resources, and condition
// keys": an action with no resource type "does not support specifying a
// resource ARN in the Resource element"; an action's resource types give
// the ARN formats it takes.
func (l *linter) resources(s *stmt) {
	r := s.Resources
	if r == nil || r.Not {
		return
	}
	anyRes := false
	var specific []policy.ResourcePattern
	var compiled []catalog.ARNPattern
	for _, it := range r.Items {
		if it.Any {
			anyRes = true
		} else {
			specific = append(specific, it)
			compiled = append(compiled, catalog.CompileARN(it.Text))
		}
	}
	if anyRes || len(specific) == 0 {
		return
	}
	flagged := false
	for i, it := range s.Actions.Items {
		if hasWildcard(it.Text) || len(s.actions[i]) != 1 {
			continue
		}
		a := s.actions[i][0]
		if len(a.Resources) == 0 {
			l.add(it.Span, "resource.noResourceLevel", a.FullName()+" supports no resource-level permissions: it is allowed or denied only with \"Resource\": \"*\", so this statement never applies to it")
			flagged = true
			continue
		}
		if !fitsAny(a.Resources, compiled) {
			l.add(it.Span, "resource.mismatch", a.FullName()+" acts on "+describeTypes(a.Resources)+"; no resource of this statement is one, so the statement never applies to it")
			flagged = true
		}
	}
	if flagged || s.any || s.unknown {
		return
	}
	types := map[*catalog.ResourceType]bool{}
	var list []*catalog.ResourceType
	for _, as := range s.actions {
		for _, a := range as {
			for _, t := range a.Resources {
				if !types[t] {
					types[t] = true
					list = append(list, t)
				}
			}
		}
	}
	for i, it := range specific {
		if !fitsAny(list, compiled[i:i+1]) {
			l.add(it.Span, "resource.fitsNoAction", q(it.Text)+" is not a resource any action of this statement acts on, so it never matches")
		}
	}
}

func fitsAny(types []*catalog.ResourceType, res []catalog.ARNPattern) bool {
	for _, t := range types {
		for _, r := range res {
			if t.Match(r) {
				return true
			}
		}
	}
	return false
}

// describeTypes names resource types with their ARN formats: "bucket
// (arn:${Partition}:s3:::${BucketName})".
func describeTypes(ts []*catalog.ResourceType) string {
	var parts []string
	for i, t := range ts {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, t.Name+" ("+t.ARN+")")
	}
	return strings.Join(parts, ", ")
}
