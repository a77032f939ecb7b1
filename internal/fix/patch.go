package fix

import (
	"errors"
	"sort"
	"strings"

	"github.com/iamplayground/iamplay/engine/policy"
)

// Patch applies a fix to the file its policies were read from (src, read
// as source): each edited document is put in place of the original at its
// position, indented like it. It fails for an edit it cannot place: a new
// policy, a context value, or a policy written as a string or in another
// file.
func Patch(src []byte, source *policy.Source, f *Fix) ([]byte, error) {
	type cut struct {
		a, b int
		text string
	}
	var cuts []cut
	for _, e := range f.Edits {
		switch {
		case e.Kind == "addContext":
			return nil, errors.New("the fix supplies a context value (" + e.Key + "): that is a change to the request, not to the file")
		case e.Original == nil:
			return nil, errors.New("the fix adds a new policy (" + e.Policy + "): create it and attach it where it belongs")
		case e.Original.Source != source:
			return nil, errors.New("policy " + e.Policy + " is not written as a JSON object in this file")
		case e.After == "":
			return nil, errors.New("the fix removes policy " + e.Policy + ": detach it")
		}
		a, b := e.Original.Span.Start.Offset, e.Original.Span.End.Offset
		cuts = append(cuts, cut{a, b, indent(strings.TrimRight(e.After, "\n"), lineIndent(src, a))})
	}
	sort.Slice(cuts, func(i, j int) bool { return cuts[i].a > cuts[j].a })
	out := append([]byte{}, src...)
	for _, c := range cuts {
		out = append(out[:c.a:c.a], append([]byte(c.text), out[c.b:]...)...)
	}
	return out, nil
}

// lineIndent is the white space that starts the line holding offset.
func lineIndent(src []byte, offset int) string {
	start := offset
	for start > 0 && src[start-1] != '\n' {
		start--
	}
	end := start
	for end < offset && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// indent prefixes every line but the first.
func indent(text, prefix string) string {
	return strings.ReplaceAll(text, "\n", "\n"+prefix)
}
