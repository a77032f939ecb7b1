// Package policytext recovers a parsed policy's own JSON text.
package policytext

import "github.com/iamplayground/iamplay/engine/policy"

// Of is a policy's own JSON text: the document it was parsed from, cut from
// its source (a scenario file holds many documents).
func Of(p *policy.Policy) string {
	if p.Source == nil {
		return ""
	}
	t := p.Source.Text
	a, b := p.Span.Start.Offset, p.Span.End.Offset
	if a < 0 || b > len(t) || a >= b {
		return t
	}
	return t[a:b]
}
