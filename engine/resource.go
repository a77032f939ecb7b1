package engine

import (
	"slices"
	"strings"
)

// Resource-based policies: a bucket policy, a key policy, a role's trust
// policy… In the same account one can allow on its own, depending on how it
// names the principal (grants.go); across accounts it must allow as well as
// the principal's identity-based policies. For some services it must allow
// whatever the identity-based policies say (requiredResourcePolicy).

func (e *evaluator) resourceStage(pols *Policies, sv *stageVerdict) {
	need := e.req.required
	if pols.Resource == nil {
		why := noResourcePolicy
		if need != nil {
			why = e.tr.dyn("no " + need.name + " was given: " + need.missing)
		}
		e.tr.skipStage(StageResource, resourceTitle, why)
		return
	}
	e.tr.stage(StageResource, e.tr.dyn(pols.Resource.Type.Title()))
	if need != nil {
		e.tr.note(e.tr.dyn(need.note))
	}
	sv.applies = true
	e.policy(pols.Resource, &sv.verdict)
	e.tr.pop()
}

// requirement is a resource-based policy that must allow the request
// whatever the identity-based policies say: "Policy evaluation logic",
// "role trust policies and KMS key policies are exceptions".
type requirement struct {
	name    string // "role trust policy"
	note    string // why it must allow, for the trace
	missing string // what it means that none was given
}

var (
	trustRequirement = &requirement{name: "role trust policy", note: trustNote,
		missing: "every role has a trust policy, and without one that admits the caller the role cannot be assumed"}
	keyRequirement = &requirement{name: "KMS key policy", note: keyPolicyNote,
		missing: "every KMS key has exactly one key policy, and without one that allows the request no identity-based policy can"}
)

// requiredFor is the requirement of a request, or nil when an identity
// policy can grant it alone in the same account. Prepare decides it once.
func requiredFor(actionLower, resource string) *requirement {
	svc, res, ok := arnServiceResource(resource)
	switch {
	case !ok:
		return nil
	case svc == "iam" && strings.HasPrefix(res, "role/") && slices.Contains(trustActions, actionLower):
		return trustRequirement
	case svc == "kms" && isKeyRequest(actionLower, res):
		return keyRequirement
	}
	return nil
}

// arnServiceResource returns an ARN's service and resource parts, without
// allocating: arn:partition:SERVICE:region:account:RESOURCE.
func arnServiceResource(arn string) (service, resource string, ok bool) {
	rest, found := strings.CutPrefix(arn, "arn:")
	if !found {
		return "", "", false
	}
	var parts [4]string
	for i := range parts {
		var more bool
		parts[i], rest, more = strings.Cut(rest, ":")
		if !more {
			return "", "", false
		}
	}
	return parts[1], rest, true
}

var (
	resourceTitle    = static("Resource-based policy")
	noResourcePolicy = static("the resource has no resource-based policy")
)
