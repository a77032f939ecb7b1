package catalog

import "strings"

// arnTemplate is a resource type's ARN template split at its first five
// colons (arn, partition, service, region, account, resource), each part
// compiled to tokens.
type arnTemplate [6][]token

// token is one step of a pattern: a literal character, any one character,
// or any run of characters (star); noSlash keeps "/" out.
type token struct {
	kind    uint8 // tLit, tOne, tStar
	ch      byte
	noSlash bool
}

const (
	tLit uint8 = iota
	tOne
	tStar
)

// slashFreeVars are template variables whose values hold no "/": with
// them, arn:aws:s3:::bucket/* fits an S3 object but not a bucket. Other
// variables may hold "/" (a role name with its path, a log group name).
var slashFreeVars = map[string]bool{"BucketName": true, "TableName": true, "FunctionName": true}

func compileARNTemplate(arn string) arnTemplate {
	var t arnTemplate
	parts := strings.SplitN(arn, ":", 6)
	for i := range t {
		if i >= len(parts) {
			break
		}
		for _, s := range splitTemplate(parts[i], func(v string) bool { return slashFreeVars[v] }) {
			if s.v {
				// one or more characters
				t[i] = append(t[i], token{kind: tOne, noSlash: s.slashFree}, token{kind: tStar, noSlash: s.slashFree})
				continue
			}
			for j := 0; j < len(s.lit); j++ {
				t[i] = append(t[i], token{kind: tLit, ch: s.lit[j]})
			}
		}
	}
	return t
}

// compilePattern compiles one part of a policy's resource ARN: * and ? are
// wildcards and a policy variable ${…} may stand for anything.
func compilePattern(s string) []token {
	var out []token
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*':
			out = append(out, token{kind: tStar})
		case '?':
			out = append(out, token{kind: tOne})
		case '$':
			if j := strings.IndexByte(s[i:], '}'); j > 0 && i+1 < len(s) && s[i+1] == '{' {
				out = append(out, token{kind: tStar})
				i += j
				continue
			}
			out = append(out, token{kind: tLit, ch: '$'})
		default:
			out = append(out, token{kind: tLit, ch: s[i]})
		}
	}
	return out
}

// ARNPattern is a policy's resource pattern compiled for Fits: its six
// ARN parts, with * and ? as wildcards and a policy variable ${…} standing
// for anything.
type ARNPattern struct {
	any   bool // "*"
	ok    bool // an ARN with six parts
	parts [6][]token
}

// CompileARN compiles a policy's resource pattern.
func CompileARN(pattern string) ARNPattern {
	if pattern == "*" {
		return ARNPattern{any: true, ok: true}
	}
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) < 6 {
		return ARNPattern{}
	}
	p := ARNPattern{ok: true}
	for i, s := range parts {
		p.parts[i] = compilePattern(s)
	}
	return p
}

// Fits reports whether some ARN matches both the resource type's template
// and a policy's resource pattern (with its wildcards and variables). A
// pattern that is not an ARN with six parts fits only if it is "*".
func (r *ResourceType) Fits(pattern string) bool { return r.Match(CompileARN(pattern)) }

// Match is Fits for a compiled pattern.
func (r *ResourceType) Match(p ARNPattern) bool {
	if p.any {
		return true
	}
	if !p.ok {
		return false
	}
	// The service part first: it tells most types apart at once.
	for _, i := range [6]int{2, 0, 1, 3, 4, 5} {
		if !intersect(p.parts[i], r.tmpl[i]) {
			return false
		}
	}
	return true
}

func consumes(t token, c byte) bool {
	switch t.kind {
	case tLit:
		return t.ch == c
	}
	return !(t.noSlash && c == '/')
}

// overlap reports whether two consuming tokens accept a common character.
func overlap(a, b token) bool {
	switch {
	case a.kind == tLit:
		return consumes(b, a.ch)
	case b.kind == tLit:
		return consumes(a, b.ch)
	}
	return true // two wildcards share every character but "/"
}

// intersect reports whether two token patterns accept a common string: a
// search of the product automaton, at most len(a)·len(b) states.
func intersect(a, b []token) bool {
	type state struct{ i, j int }
	w := len(b) + 1
	n := (len(a) + 1) * w
	var small [1024]bool
	var seen []bool
	if n <= len(small) {
		seen = small[:n]
	} else {
		seen = make([]bool, n)
	}
	var stackBuf [64]state
	stack := append(stackBuf[:0], state{0, 0})
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[s.i*w+s.j] {
			continue
		}
		seen[s.i*w+s.j] = true
		if s.i == len(a) && s.j == len(b) {
			return true
		}
		if s.i < len(a) && a[s.i].kind == tStar {
			stack = append(stack, state{s.i + 1, s.j})
		}
		if s.j < len(b) && b[s.j].kind == tStar {
			stack = append(stack, state{s.i, s.j + 1})
		}
		if s.i < len(a) && s.j < len(b) && overlap(a[s.i], b[s.j]) {
			next := s
			if a[s.i].kind != tStar {
				next.i++
			}
			if b[s.j].kind != tStar {
				next.j++
			}
			if next != s {
				stack = append(stack, next)
			}
		}
	}
	return false
}
