package importer

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

type pendingResource struct {
	arn, account string
	doc          json.RawMessage
	tags         map[string]string
}

// resourcePolicies reads resource-based policies: placed in their accounts
// once every account is known.
func (b *builder) resourcePolicies(d *resourcePolicies) error {
	for i, r := range d.ResourcePolicies {
		if !strings.HasPrefix(r.Arn, "arn:") {
			return errors.New("ResourcePolicies[" + itoa(i) + "]: Arn " + r.Arn + " is not an ARN")
		}
		pr := pendingResource{arn: r.Arn, account: r.Account, tags: tags(r.Tags)}
		if len(r.Policy) > 0 && string(r.Policy) != "null" {
			doc, err := document(r.Policy)
			if err != nil {
				return errors.New("ResourcePolicies[" + itoa(i) + "] (" + r.Arn + "): " + err.Error())
			}
			pr.doc = doc
		}
		if pr.account == "" {
			pr.account = arnAccount(r.Arn)
		}
		b.resources = append(b.resources, pr)
	}
	return nil
}

func (b *builder) placeResources() error {
	for _, r := range b.resources {
		acct := r.account
		if !policy.IsAccountID(acct) {
			if len(b.order) != 1 {
				return errors.New("resource " + r.arn + ": its ARN names no account; give \"Account\" with it")
			}
			acct = b.order[0]
		}
		a := b.account(acct)
		a.Resources = append(a.Resources, &resourceOut{ARN: r.arn, Policy: r.doc, Tags: r.tags})
		b.stats.Resources++
	}
	return nil
}

func itoa(i int) string { return strconv.Itoa(i) }
