// Package redact rewrites the real account ids, ARNs and names of a
// playground state (a scenario world, an evaluation input, a simulator
// request — any JSON text) to stable SecureCart-style placeholders before
// it is shared: the same real value always becomes the same placeholder,
// so the state still evaluates as before, and the mapping is returned so
// that it can be shown before the link is made.
package redact

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// Rewrite is one value replaced.
type Rewrite struct {
	Kind string `json:"kind"` // account, user, role, group, policy, bucket, session, organization, ou, name
	From string `json:"from"`
	To   string `json:"to"`
}

// Result is a redacted text with what was rewritten.
type Result struct {
	Text     []byte    `json:"-"`
	Rewrites []Rewrite `json:"rewrites"`
	// Notes say what redaction does not cover.
	Notes []string `json:"notes"`
}

var (
	arnRE     = regexp.MustCompile(`arn:(aws[a-z-]*):([a-z0-9-]*):([a-z0-9-]*):([0-9]{12}|aws|\*)?:([^\s"',]*)`)
	accountRE = regexp.MustCompile(`(^|[^0-9A-Za-z])([0-9]{12})($|[^0-9A-Za-z])`)
	orgRE     = regexp.MustCompile(`\b(o-[a-z0-9]{10,32}|r-[a-z0-9]{4,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})\b`)
	iamResRE  = regexp.MustCompile(`^(user|role|group|policy|instance-profile)(/(?:[^/]*/)*)([^/]+)$`)
	stsResRE  = regexp.MustCompile(`^assumed-role/([^/]+)/(.+)$`)
)

// builtins are names AWS gives, which identify no one.
var builtins = map[string]bool{"FullAWSAccess": true, "RCPFullAWSAccess": true, "Allow": true, "Deny": true, "*": true}

// nameKinds maps the list a scenario's "name" sits in to what it names.
var nameKinds = map[string]string{"users": "user", "roles": "role", "groups": "group", "policies": "policy",
	"inlinePolicies": "policy", "accounts": "account name", "ous": "ou", "requests": "request",
	"instances": "name", "functions": "name", "permissionSets": "name", "rows": "name"}

type redactor struct {
	to       map[string]string // real value → placeholder
	rewrites []Rewrite
	counts   map[string]int
}

func (r *redactor) add(kind, from string) {
	if from == "" || r.to[from] != "" || builtins[from] || strings.ContainsAny(from, "*?${}") || len(from) < 2 {
		return
	}
	if strings.HasPrefix(from, "AWSServiceRoleFor") {
		return // named by AWS, and how a service-linked role's session is recognised
	}
	r.counts[kind]++
	n := r.counts[kind]
	var to string
	switch kind {
	case "account":
		to = accountPlaceholder(n)
	case "user":
		to = fmt.Sprintf("securecart-user-%d", n)
	case "role":
		to = fmt.Sprintf("SecureCartRole%d", n)
	case "group":
		to = fmt.Sprintf("SecureCartGroup%d", n)
	case "policy":
		to = fmt.Sprintf("SecureCartPolicy%d", n)
	case "bucket":
		to = fmt.Sprintf("securecart-bucket-%d", n)
	case "session":
		to = fmt.Sprintf("session-%d", n)
	case "account name":
		to = fmt.Sprintf("SecureCart-Account-%d", n)
	case "ou":
		to = fmt.Sprintf("SecureCart-OU-%d", n)
	case "request":
		to = fmt.Sprintf("request-%d", n)
	case "organization":
		to = fmt.Sprintf("o-securecart%02d", n)
	case "root":
		to = fmt.Sprintf("r-sc%02d", n)
	case "ou id":
		to = fmt.Sprintf("ou-sc%02d-%08d", n, n)
	default:
		to = fmt.Sprintf("securecart-name-%d", n)
	}
	r.to[from] = to
	r.rewrites = append(r.rewrites, Rewrite{kind, from, to})
}

// accountPlaceholder is 111111111111 … 999999999999, then 100000000001 ….
func accountPlaceholder(n int) string {
	if n <= 9 {
		return strings.Repeat(string(rune('0'+n)), 12)
	}
	return fmt.Sprintf("1%011d", n-9)
}

// JSON redacts a JSON text.
func JSON(src []byte) (*Result, error) {
	vals, err := stringValues(src)
	if err != nil {
		return nil, err
	}
	r := &redactor{to: map[string]string{}, counts: map[string]int{}}
	for _, v := range vals {
		r.collect(v)
	}
	var out bytes.Buffer
	last := 0
	words := r.wordReplacer()
	for _, v := range vals {
		nt := r.rewrite(v.text)
		if n := len(v.path); n > 0 && labelKeys[v.path[n-1]] {
			nt = words(nt)
		}
		if nt == v.text {
			continue
		}
		out.Write(src[last:v.start])
		enc, _ := json.Marshal(nt)
		out.Write(bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(enc, []byte(`\u003c`), []byte("<")), []byte(`\u003e`), []byte(">")), []byte(`\u0026`), []byte("&")))
		last = v.end
	}
	out.Write(src[last:])
	return &Result{Text: out.Bytes(), Rewrites: r.rewrites, Notes: append(r.partial(vals), []string{
		"Names, labels and prose (titles, summaries, descriptions, explanations) are rewritten where they hold account ids, ARNs and whole names collected elsewhere: read them before sharing.",
		"Tag keys and values, condition values other than ARNs, names and account ids, IP addresses and key ids are kept.",
		"A wildcard pattern that spells part of a real name (arn:aws:s3:::acme-*) is kept, and may stop matching the placeholder.",
	}...)}, nil
}

// partial lists the wildcard patterns that match a rewritten name but not
// its placeholder, or the other way round: they are kept, so the redacted
// state may decide differently.
func (r *redactor) partial(vals []value) []string {
	var notes []string
	seen := map[string]bool{}
	for _, v := range vals {
		for _, m := range arnRE.FindAllStringSubmatch(v.text, -1) {
			res := m[5]
			if m[2] == "s3" {
				res, _, _ = strings.Cut(res, "/")
			} else if i := strings.LastIndexByte(res, '/'); i >= 0 {
				res = res[i+1:]
			}
			if !strings.ContainsAny(res, "*?") || seen[m[0]] {
				continue
			}
			for _, rw := range r.rewrites {
				if rw.Kind != "account" && glob(res, rw.From) != glob(res, rw.To) {
					seen[m[0]] = true
					notes = append(notes, "The pattern "+m[0]+" matches one of "+rw.Kind+" "+rw.From+" and its placeholder "+rw.To+" but not the other: decisions that depend on it may change.")
					break
				}
			}
		}
	}
	return notes
}

// glob matches * and ? wildcards.
func glob(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if glob(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && glob(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && glob(pattern[1:], s[1:])
}

// labelKeys hold labels and prose, where a real name can sit inside the
// text ("user alice → inline policy SelfService"): there every collected
// name is rewritten as a whole word too.
var labelKeys = map[string]bool{"name": true, "label": true, "title": true, "summary": true, "description": true, "explanation": true}

// wordReplacer rewrites whole-word occurrences of the collected names (not
// account ids, which rewrite handles): a word ends at anything but a
// letter, digit, "_" or "-".
func (r *redactor) wordReplacer() func(string) string {
	var names []string
	for _, rw := range r.rewrites {
		if rw.Kind != "account" && len(rw.From) >= 3 {
			names = append(names, regexp.QuoteMeta(rw.From))
		}
	}
	if len(names) == 0 {
		return func(s string) string { return s }
	}
	// Longest first, so that a name containing another wins.
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	re := regexp.MustCompile(`(^|[^A-Za-z0-9_-])(` + strings.Join(names, "|") + `)($|[^A-Za-z0-9_-])`)
	return func(s string) string {
		// Twice: adjacent matches share a boundary character.
		for range 2 {
			s = re.ReplaceAllStringFunc(s, func(m string) string {
				sub := re.FindStringSubmatch(m)
				return sub[1] + r.or(sub[2]) + sub[3]
			})
		}
		return s
	}
}

// collect records the real values a string holds.
func (r *redactor) collect(v value) {
	key, list := "", ""
	if n := len(v.path); n > 0 {
		key = v.path[n-1]
		if n > 1 {
			list = v.path[n-2]
		}
	}
	switch key {
	case "name":
		if k, ok := nameKinds[list]; ok {
			r.add(k, v.text)
		}
	case "sessionName":
		r.add("session", v.text)
	case "user", "identityCenterUser":
		r.add("user", v.text)
	case "role":
		if !strings.HasPrefix(v.text, "arn:") {
			r.add("role", v.text)
		}
	}
	for _, m := range arnRE.FindAllStringSubmatch(v.text, -1) {
		service, acct, res := m[2], m[4], m[5]
		if len(acct) == 12 {
			r.add("account", acct)
		}
		switch service {
		case "iam":
			if acct == "aws" {
				break // AWS managed policies name no one
			}
			if p := iamResRE.FindStringSubmatch(res); p != nil {
				kind := p[1]
				if kind == "instance-profile" {
					kind = "role"
				}
				r.add(kind, p[3])
			}
		case "sts":
			if p := stsResRE.FindStringSubmatch(res); p != nil {
				r.add("role", p[1])
				r.add("session", p[2])
			}
		case "s3":
			bucket, _, _ := strings.Cut(res, "/")
			r.add("bucket", bucket)
		}
	}
	plain := arnRE.ReplaceAllString(v.text, " ")
	for _, m := range accountRE.FindAllStringSubmatch(plain, -1) {
		r.add("account", m[2])
	}
	for _, id := range orgRE.FindAllString(plain, -1) {
		switch {
		case strings.HasPrefix(id, "o-"):
			r.add("organization", id)
		case strings.HasPrefix(id, "r-"):
			r.add("root", id)
		default:
			r.add("ou id", id)
		}
	}
}

// rewrite replaces every collected value in s, each part of s once: ARNs
// piece by piece, account and organization ids in the text between them.
func (r *redactor) rewrite(s string) string {
	if to, ok := r.to[s]; ok {
		return to
	}
	var b strings.Builder
	last := 0
	for _, m := range arnRE.FindAllStringSubmatchIndex(s, -1) {
		b.WriteString(r.plain(s[last:m[0]]))
		b.WriteString(r.arn(s[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(r.plain(s[last:]))
	return b.String()
}

// plain rewrites the account and organization ids of text without ARNs.
func (r *redactor) plain(s string) string {
	s = accountRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := accountRE.FindStringSubmatch(m)
		return sub[1] + r.or(sub[2]) + sub[3]
	})
	return orgRE.ReplaceAllStringFunc(s, r.or)
}

// arn rewrites one ARN: its account and the names in its resource.
func (r *redactor) arn(arn string) string {
	m := arnRE.FindStringSubmatch(arn)
	acct, res := r.or(m[4]), m[5]
	switch m[2] {
	case "iam":
		if p := iamResRE.FindStringSubmatch(res); p != nil && m[4] != "aws" {
			res = p[1] + p[2] + r.or(p[3])
		}
	case "sts":
		if p := stsResRE.FindStringSubmatch(res); p != nil {
			res = "assumed-role/" + r.or(p[1]) + "/" + r.or(p[2])
		}
	case "s3":
		bucket, key, hasKey := strings.Cut(res, "/")
		res = r.or(bucket)
		if hasKey {
			res += "/" + key
		}
	}
	return "arn:" + m[1] + ":" + m[2] + ":" + m[3] + ":" + acct + ":" + res
}

func (r *redactor) or(s string) string {
	if to, ok := r.to[s]; ok {
		return to
	}
	return s
}
