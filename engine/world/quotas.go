package world

import (
	"strconv"

	"github.com/iamplayground/iamplay/engine/internal/jsonpos"
)

// AWS's quotas that bound a world, checked as validation errors with
// positions so that a small file cannot cost unbounded work (IAM User Guide,
// "IAM and AWS STS quotas"; AWS Organizations User Guide, "Quotas for AWS
// Organizations").
const (
	// maxManaged is the most managed policies attached to a user, group or
	// role: 10 by default, 20 with a quota increase.
	maxManaged = 20
	// maxOUDepth is how deep OUs nest below the root.
	maxOUDepth = 5
	// maxOrgPolicies is the most SCPs, or RCPs, attached to one node.
	maxOrgPolicies = 5
	// maxAssumeChain bounds a request's chain of assume steps. AWS sets no
	// number of hops, but a chained session lasts at most an hour and every
	// hop is a separate call; ten covers every pattern the lessons teach.
	maxAssumeChain = 10
	// Policy sizes, in characters not counting white space.
	maxManagedSize  = 6144
	maxTrustSize    = 4096 // 2,048 by default, 4,096 with a quota increase
	maxOrgSize      = 5120 // SCPs and RCPs
	maxUserInline   = 2048 // all of a user's inline policies together
	maxGroupInline  = 5120
	maxRoleInline   = 10240
	maxEndpointSize = 20480
)

// quota reports a count over a quota at v.
func (r *reader) quota(v *jsonpos.Value, what string, n, limit int) bool {
	if n <= limit {
		return true
	}
	r.bad(v, "world.quota", what+" has "+strconv.Itoa(n)+"; AWS allows at most "+strconv.Itoa(limit))
	return false
}

// inlineQuota checks the total size of an owner's inline policies.
func (r *reader) inlineQuota(v *jsonpos.Value, owner string, pols []*InlinePolicy, limit int) {
	total := 0
	for _, p := range pols {
		total += p.Policy.Size()
	}
	if total > limit {
		r.bad(v, "world.quota", owner+"'s inline policies have "+strconv.Itoa(total)+" characters in all (not counting white space); AWS allows at most "+strconv.Itoa(limit))
	}
}

// sizeQuota checks one policy document's size.
func (r *reader) sizeQuota(v *jsonpos.Value, what string, size, limit int) {
	if size > limit {
		r.bad(v, "world.quota", what+" has "+strconv.Itoa(size)+" characters (not counting white space); AWS allows at most "+strconv.Itoa(limit))
	}
}
