// Package engine decides AWS IAM requests the way AWS does and records why.
//
// It follows the evaluation logic documented in the IAM User Guide ("Policy
// evaluation logic", "Cross-account policy evaluation logic"): explicit deny
// in any policy wins; resource control policies and service control policies
// must allow at every level of the organization; a resource-based policy
// can allow on its own within one account; identity-based policies must
// allow, within the permissions boundary and the session policy.
//
// Parse policies once with package policy (or ParseInput for a whole
// question), Prepare the request, then Evaluate as often as needed. With
// Options.Trace the result carries a trace tree that the CLI prints as text
// and the browser draws from its JSON form.
//
// The package is pure: no I/O, no clock, no network. It builds natively and
// for WebAssembly.
package engine

// Version is the engine's version. Share links carry it, so that a link made
// by one version can be recognised by another.
const Version = "0.1.0"
