package catalog

import (
	"strings"

	"github.com/iamplayground/iamplay/internal/suggest"
)

// closest returns the candidate nearest to s within a third of its length
// in edits (at least 1, at most 3), or "".
func closest(s string, candidates []string) string {
	return suggest.Closest(s, candidates, max(1, min(3, len(s)/3)))
}

// SuggestService returns the service prefix nearest to prefix, or "".
func (c *Catalog) SuggestService(prefix string) string {
	names := make([]string, len(c.Services))
	for i, s := range c.Services {
		names[i] = s.Prefix
	}
	return closest(prefix, names)
}

// SuggestAction returns the service's action name nearest to name, or "".
func (s *Service) SuggestAction(name string) string {
	names := make([]string, len(s.Actions))
	for i, a := range s.Actions {
		names[i] = a.Name
	}
	return closest(name, names)
}

// SuggestKey returns the condition key nearest to name among the keys with
// the same prefix (or every global key for an unknown prefix), or "".
func (c *Catalog) SuggestKey(name string) string {
	p, _, _ := strings.Cut(name, ":")
	keys := c.keyPrefixes[strings.ToLower(p)]
	if len(keys) == 0 {
		keys = c.Global
	}
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Name
	}
	return closest(name, names)
}
