package catalog

import "strings"

// Glob reports whether name matches an IAM action pattern: * stands for any
// run of characters, ? for one, and case is ignored, as IAM matches
// actions.
func Glob(pattern, name string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(name))
}

// glob matches lower-cased strings with the usual greedy backtracking: at
// most one star is retried at a time, so the cost is O(len(p)·len(s)).
func glob(p, s string) bool {
	pi, si, star, mark := 0, 0, -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			pi++
			si++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case star >= 0:
			pi, mark = star+1, mark+1
			si = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// Expand lists the actions an Action element's pattern covers, such as
// "s3:Get*" or "*:Describe*"; "*" is every action. A pattern without
// a colon covers nothing.
func (c *Catalog) Expand(pattern string) []*Action {
	if pattern == "*" {
		var all []*Action
		for _, s := range c.Services {
			all = append(all, s.Actions...)
		}
		return all
	}
	sp, ap, ok := strings.Cut(strings.ToLower(pattern), ":")
	if !ok {
		return nil
	}
	var out []*Action
	for _, s := range c.Services {
		if !glob(sp, strings.ToLower(s.Prefix)) {
			continue
		}
		for _, a := range s.Actions {
			if glob(ap, strings.ToLower(a.Name)) {
				out = append(out, a)
			}
		}
	}
	return out
}

// segment is a part of a key or ARN template: literal text, or a variable
// (${TagKey}, <key>) standing for one or more characters.
type segment struct {
	lit string
	v   bool
	// slashFree marks variables whose values never hold "/", such as an S3
	// bucket name: that is what tells a bucket's ARN from an object's.
	slashFree bool
}

// compileKeyTemplate splits a lower-cased key name at its variables; it
// returns nil for a name without any.
func compileKeyTemplate(name string) []segment {
	if !strings.Contains(name, "${") && !strings.Contains(name, "<") {
		return nil
	}
	return splitTemplate(name, func(string) bool { return false })
}

func splitTemplate(t string, slashFree func(string) bool) []segment {
	var segs []segment
	for t != "" {
		i := strings.IndexAny(t, "$<")
		end := ""
		switch {
		case i < 0:
		case t[i] == '$' && strings.HasPrefix(t[i:], "${"):
			end = "}"
		case t[i] == '<':
			end = ">"
		}
		if end == "" {
			if i < 0 {
				segs = append(segs, segment{lit: t})
				break
			}
			segs = append(segs, segment{lit: t[:i+1]})
			t = t[i+1:]
			continue
		}
		j := strings.Index(t[i:], end)
		if j < 0 {
			segs = append(segs, segment{lit: t})
			break
		}
		if i > 0 {
			segs = append(segs, segment{lit: t[:i]})
		}
		name := strings.Trim(t[i:i+j], "${<")
		segs = append(segs, segment{v: true, slashFree: slashFree(name)})
		t = t[i+j+1:]
	}
	return segs
}

// matchSegments reports whether s is an instance of the template: each
// variable stands for one or more characters.
func matchSegments(segs []segment, s string) bool {
	if len(segs) == 0 {
		return s == ""
	}
	g := segs[0]
	if !g.v {
		return strings.HasPrefix(s, g.lit) && matchSegments(segs[1:], s[len(g.lit):])
	}
	for n := 1; n <= len(s); n++ {
		if g.slashFree && s[n-1] == '/' {
			return false
		}
		if matchSegments(segs[1:], s[n:]) {
			return true
		}
	}
	return false
}
