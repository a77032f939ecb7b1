package policy

import (
	"strings"

	"github.com/iamplayground/iamplay/engine/internal/match"
)

// Template is a policy string holding policy variables such as
// ${aws:username} or ${aws:PrincipalTag/team, 'none'}. AWS substitutes them
// from the request context when the policy's Version is 2012-10-17.
type Template struct {
	parts []tpart
}

type tpart struct {
	text    string // literal text, or the default value of a variable
	key     string // lower-cased context key; "" for text
	name    string // the key as written
	hasDef  bool
	literal bool // text came from an escape (${*} ${?} ${$}): no wildcard meaning
}

// Lookup returns the request's values for a lower-cased context key.
type Lookup func(key string) (vals []string, present bool)

// Keys lists the context keys the template refers to, as written.
func (t *Template) Keys() []string {
	var keys []string
	for _, p := range t.parts {
		if p.key != "" {
			keys = append(keys, p.name)
		}
	}
	return keys
}

// parseTemplate splits s into text and variables. It returns nil when s
// holds no variable or escape. Problems (an unclosed "${", an empty name) are
// returned as messages; the text is then kept literally, as AWS does not
// substitute what it cannot parse.
func parseTemplate(s string) (*Template, []string) {
	if !strings.Contains(s, "${") {
		return nil, nil
	}
	var t Template
	var problems []string
	for len(s) > 0 {
		i := strings.Index(s, "${")
		if i < 0 {
			t.parts = append(t.parts, tpart{text: s})
			break
		}
		if i > 0 {
			t.parts = append(t.parts, tpart{text: s[:i]})
		}
		rest := s[i+2:]
		end := closingBrace(rest)
		if end < 0 {
			problems = append(problems, "policy variable \"${\" is not closed with \"}\"; the text is used as written")
			t.parts = append(t.parts, tpart{text: s[i:]})
			break
		}
		body := rest[:end]
		s = rest[end+1:]
		switch body {
		case "*", "?", "$":
			t.parts = append(t.parts, tpart{text: body, literal: true})
			continue
		}
		key, def, hasDef, msg := parseVariable(body)
		if msg != "" {
			problems = append(problems, msg)
			t.parts = append(t.parts, tpart{text: "${" + body + "}"})
			continue
		}
		t.parts = append(t.parts, tpart{key: strings.ToLower(key), name: key, text: def, hasDef: hasDef})
	}
	return &t, problems
}

// closingBrace finds the "}" ending a variable, skipping a quoted default.
func closingBrace(s string) int {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\'':
			if inQuote && i+1 < len(s) && s[i+1] == '\'' {
				i++ // '' is an escaped quote inside a default
				continue
			}
			inQuote = !inQuote
		case '}':
			if !inQuote {
				return i
			}
		}
	}
	return -1
}

// parseVariable reads "key" or "key, 'default'".
func parseVariable(body string) (key, def string, hasDef bool, msg string) {
	key = body
	if c := strings.IndexByte(body, ','); c >= 0 {
		key = body[:c]
		d := strings.TrimSpace(body[c+1:])
		if len(d) < 2 || d[0] != '\'' || d[len(d)-1] != '\'' {
			return "", "", false, "policy variable default must be quoted with single quotes, as in ${" + strings.TrimSpace(key) + ", 'none'}"
		}
		def = strings.ReplaceAll(d[1:len(d)-1], "''", "'")
		hasDef = true
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return "", "", false, "policy variable has no key name"
	}
	if strings.ContainsAny(key, " \t'") {
		return "", "", false, "policy variable key " + `"` + key + `"` + " contains a space or quote"
	}
	return key, def, hasDef, ""
}

// Expand substitutes the variables. It reports false when a variable's key
// is missing from the request (or holds several values) and has no default:
// AWS then treats the element as not matching.
func (t *Template) Expand(look Lookup) (string, bool) {
	if len(t.parts) == 1 && t.parts[0].key != "" {
		return resolve(t.parts[0], look) // the common "${key}" value: no copy
	}
	var b strings.Builder
	for _, p := range t.parts {
		if p.key == "" {
			b.WriteString(p.text)
			continue
		}
		v, ok := resolve(p, look)
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), true
}

// ExpandParts substitutes the variables for wildcard matching: the policy's
// own text keeps its wildcards, while substituted values and escapes are
// literal.
func (t *Template) ExpandParts(look Lookup) ([]match.Part, bool) {
	parts := make([]match.Part, 0, len(t.parts))
	for _, p := range t.parts {
		if p.key == "" {
			parts = append(parts, match.Part{Text: p.text, Literal: p.literal})
			continue
		}
		v, ok := resolve(p, look)
		if !ok {
			return nil, false
		}
		parts = append(parts, match.Part{Text: v, Literal: true})
	}
	return parts, true
}

func resolve(p tpart, look Lookup) (string, bool) {
	vals, present := look(p.key)
	if present && len(vals) == 1 {
		return vals[0], true
	}
	if p.hasDef {
		return p.text, true
	}
	return "", false
}
