package match

// Filter is a quick first test of a compiled pattern that needs nothing but
// itself: 16 bytes, no pointer. It holds the length of the literal text
// every match starts with (the pattern's lead, up to its first wildcard)
// and the last eight bytes of that text. A subject that is shorter than the
// lead, or whose bytes there differ, cannot match, and Test says so without
// reading the pattern. When the lead is at most eight bytes and the pattern
// is just the lead, or the lead followed by '*', Test decides a match too.
//
// A caller that keeps the filters of many patterns side by side (a policy
// keeps its statements') rejects most of them reading only those bytes;
// the patterns themselves, spread across the heap, are read only for the
// subjects Test cannot decide.
type Filter struct {
	tail uint64 // the lead's last min(n, 8) bytes, little-endian
	n    uint32 // the lead's length
	kind uint8
}

// Filter kinds: what the rest of the pattern is after the lead.
const (
	filterMore   uint8 = iota // anything: Test only rejects
	filterExact               // nothing: the pattern is the lead
	filterPrefix              // '*' only
)

// Verdict is what Filter.Test found.
type Verdict uint8

// Test's answers.
const (
	// Maybe: the subject starts with the lead; the pattern decides.
	Maybe Verdict = iota
	// No: the subject cannot match.
	No
	// Yes: the subject matches.
	Yes
)

// FilterAll is the filter of a pattern that matches everything: Test says
// Yes to every subject.
func FilterAll() Filter { return Filter{kind: filterPrefix} }

// Filter is p's filter for Match (case-sensitive; a CompileLower pattern's
// filter is for lower-case subjects, as its Match is).
func (p Pattern) Filter() Filter {
	if p.c == nil {
		return newFilter("", filterExact)
	}
	return progFilter(&p.c.exact)
}

// Filter is p's filter for Match. It rejects values that do not start with
// the pattern's literal lead; it decides a match only for a pattern made
// only of '*' wildcards, which matches every value.
func (p ARNPattern) Filter() Filter {
	a := p.a
	switch {
	case a == nil:
		return newFilter("", filterExact)
	case a.kind == arnAll:
		return FilterAll()
	case a.kind == arnPlain:
		f := progFilter(&a.parts[0])
		f.kind = filterMore // the value must also not be an ARN
		return f
	}
	// The value starts with the literal parts, then part n, which starts
	// with its own lead.
	return newFilter(a.prefix+lead(&a.parts[a.n]), filterMore)
}

// progFilter is the filter of one program.
func progFilter(g *prog) Filter {
	switch g.kind {
	case kExact:
		return newFilter(g.lit, filterExact)
	case kAll:
		return FilterAll()
	case kPrefix:
		return newFilter(g.lit, filterPrefix)
	}
	return newFilter(lead(g), filterMore)
}

// lead is the literal text every match of g starts with.
func lead(g *prog) string {
	switch g.kind {
	case kExact, kPrefix:
		return g.lit
	case kGeneral:
		// The first segment is anchored at the start; one of valid UTF-8
		// literal characters is matched as bytes.
		if g.first != nil && g.first.u == nil {
			return g.first.lit
		}
	}
	return ""
}

func newFilter(lead string, kind uint8) Filter {
	if len(lead) > 8 && kind != filterMore {
		kind = filterMore // the tail alone does not show the whole lead
	}
	f := Filter{n: uint32(len(lead)), kind: kind}
	t := lead[max(0, len(lead)-8):]
	for i := len(t) - 1; i >= 0; i-- {
		f.tail = f.tail<<8 | uint64(t[i])
	}
	return f
}

// Test tests subject s against the filter: No if s cannot match the
// pattern, Yes if it surely does, Maybe if the pattern must decide.
func (f *Filter) Test(s string) Verdict {
	n := int(f.n)
	if len(s) < 8 || len(s) < n {
		return f.testShort(s)
	}
	// The eight bytes that end the lead, or the first eight masked to it.
	end := max(n, 8)
	if load64(s[end-8:end])&(^uint64(0)>>(64-8*min(n, 8))) != f.tail || f.kind == filterExact && len(s) != n {
		return No
	}
	return f.sure()
}

// testShort is Test for a subject shorter than eight bytes or the lead.
func (f *Filter) testShort(s string) Verdict {
	n := int(f.n)
	if len(s) < n || f.kind == filterExact && len(s) != n {
		return No
	}
	var w uint64
	for i := n - 1; i >= 0; i-- {
		w = w<<8 | uint64(s[i])
	}
	if w != f.tail {
		return No
	}
	return f.sure()
}

// sure is the verdict on a subject that starts with the lead.
func (f *Filter) sure() Verdict {
	if f.kind == filterMore {
		return Maybe
	}
	return Yes
}

// load64 reads the first eight bytes of s, little-endian.
func load64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}
