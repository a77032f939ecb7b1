package engine

import "strings"

// KMS key policies: "Every KMS key must have exactly one key policy … Unless
// the key policy explicitly allows it, you cannot use IAM policies to allow
// access to a KMS key. Without permission from the key policy, IAM policies
// that allow permissions have no effect." A key policy enables IAM policies
// by allowing the account root principal, which delegates to the account's
// identity-based policies (AWS KMS Developer Guide, "Key policies in AWS
// KMS" and "Default key policy"). Even the account root user has no access
// to a key its policy does not allow.

// isKeyRequest reports whether a KMS action on a KMS resource (the ARN's
// resource part) is on a key, so that the key's policy must allow it. A cryptographic call may name the key
// by an alias: AWS KMS then authorizes it against the key the alias points
// to ("Using aliases to control access to KMS keys": an alias ARN in a
// request stands for its key, whose key policy applies). The alias
// management actions are the exception: they act on the alias itself.
func isKeyRequest(actionLower, resource string) bool {
	if !strings.HasPrefix(actionLower, "kms:") {
		return false
	}
	return strings.HasPrefix(resource, "key/") || strings.HasPrefix(resource, "alias/") && !aliasChange(actionLower)
}

const keyPolicyNote = "a KMS key's policy must allow the request: identity-based policies count only if the key policy enables them by allowing the account (its root principal)"
