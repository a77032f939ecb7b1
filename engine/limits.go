package engine

// Limits on one evaluation input, so that a small input (a share link, a
// file) cannot cost unbounded time or memory. They follow AWS's own quotas
// where AWS has one; the playground's share-link reader (site/src/limits.js,
// wasm/share) applies the same numbers before the input reaches the engine.
const (
	// MaxLevels is the most organization levels of SCPs or RCPs: the root,
	// five levels of OUs below it (AWS Organizations quotas: "OU maximum
	// nesting in a root: 5 levels"), and the account.
	MaxLevels = 7
	// MaxPoliciesPerLevel is the most SCPs or RCPs attached to one node
	// (AWS Organizations quotas: "Maximum SCPs / RCPs attached to a root,
	// OU or account: 5").
	MaxPoliciesPerLevel = 5
	// MaxPolicies is the most policies of an input, all types together.
	MaxPolicies = 100
	// MaxStatements is the most statements of all the policies together.
	MaxStatements = 5000
	// MaxContextKeys is the most keys of a request context.
	MaxContextKeys = 200
)
