package catalog

import "strings"

// distance is the Levenshtein edit distance between two lower-cased names;
// names longer than 128 bytes are never close.
func distance(a, b string) int {
	if len(a) > 128 || len(b) > 128 {
		return 1 << 20
	}
	var prev, cur [129]int
	for j := 0; j <= len(b); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev = cur
	}
	return prev[len(b)]
}

// closest returns the candidate nearest to s within a third of its length
// in edits (at least 1, at most 3), or "".
func closest(s string, candidates []string) string {
	l := strings.ToLower(s)
	limit := max(1, min(3, len(l)/3))
	best, bestD := "", limit+1
	for _, c := range candidates {
		if d := distance(l, strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
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
