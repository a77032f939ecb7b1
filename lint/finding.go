// Package lint checks IAM policies and scenario worlds the way IAM Access
// Analyzer's policy validation does, with the AWS Service Authorization
// Reference (package catalog): unknown services, actions and condition keys,
// resource ARNs that fit no resource type of the action, condition
// operators that do not suit their key, security risks (Allow with
// NotAction, iam:PassRole on *, privilege escalation, public resource
// policies, open trust policies), hygiene (redundant statements, policy
// variables that are not substituted) and the SecureCart
// security checklist on a world (root and user credentials, policies on
// users, external access computed with the engine).
//
// Every finding has a stable code, a severity, the span of the policy
// element it is about and a link to the lesson that explains it.
package lint

import (
	"sort"
	"strconv"

	"github.com/iamplayground/iamplay/engine/policy"
)

// Severity grades a finding as Access Analyzer does.
type Severity uint8

// Severities, most serious first.
const (
	Error           Severity = iota // AWS rejects the policy, or a part of it can never match
	SecurityWarning                 // grants more than intended, or to more people
	Warning                         // accepted but probably not what was meant
	Suggestion                      // could be simpler or tidier
)

var severityNames = [...]string{"error", "security_warning", "warning", "suggestion"}

// String is the severity's identifier: error, security_warning, warning or
// suggestion.
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return "unknown"
}

// MarshalText encodes the severity as its identifier.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem found.
type Finding struct {
	File     string      `json:"file"` // file, or "file (policy name)" for a policy given as a string
	Span     policy.Span `json:"span"`
	Severity Severity    `json:"severity"`
	Code     string      `json:"code"` // stable, such as "action.unknown"
	Message  string      `json:"message"`
	Lesson   string      `json:"lesson"` // the lesson that explains it: "/lessons/conditions/"
}

// String formats the finding as "file:line:col: severity code: message".
func (f Finding) String() string {
	s := f.File
	if f.Span.Start.IsValid() {
		s += ":" + f.Span.Start.String()
	}
	return s + ": " + f.Severity.String() + " " + f.Code + ": " + f.Message
}

// Sort orders findings by file, position and code.
func Sort(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Span.Start.Offset != b.Span.Start.Offset {
			return a.Span.Start.Offset < b.Span.Start.Offset
		}
		return a.Code < b.Code
	})
}

// HasErrors reports whether any finding is an Error.
func HasErrors(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Error {
			return true
		}
	}
	return false
}

// check describes one code: its severity and lesson.
type check struct {
	sev    Severity
	lesson string
}

// Lesson slugs (content/NN-slug.md is served at /lessons/slug/).
const (
	lessonRoot        = "root-user"
	lessonUsers       = "users-and-access-keys"
	lessonGroups      = "groups"
	lessonRoles       = "roles-and-sts"
	lessonTypes       = "policy-types"
	lessonGrammar     = "policy-grammar"
	lessonConditions  = "conditions"
	lessonVariables   = "policy-variables-and-abac"
	lessonCrossAcct   = "cross-account-access"
	lessonChecklist   = "security-checklist"
	lessonEvaluation  = "evaluation-logic"
	lessonTroubleshot = "troubleshooting-access-denied"
)

// checks is every code lint reports itself; codes of the policy parser
// (policy.*, statement.*, …) keep the parser's severity.
var checks = map[string]check{
	"action.unknownService":        {Error, lessonGrammar},
	"action.unknown":               {Error, lessonGrammar},
	"action.matchesNothing":        {Error, lessonGrammar},
	"resource.noResourceLevel":     {Error, lessonGrammar},
	"resource.mismatch":            {Error, lessonGrammar},
	"resource.fitsNoAction":        {Error, lessonGrammar},
	"condition.unknownKey":         {Error, lessonConditions},
	"condition.unsupportedKey":     {Warning, lessonConditions},
	"condition.missingSet":         {Warning, lessonConditions},
	"condition.setOnSingleValued":  {Warning, lessonConditions},
	"condition.forAllValuesAllow":  {SecurityWarning, lessonConditions},
	"security.allowNotAction":      {SecurityWarning, lessonGrammar},
	"security.allowNotResource":    {SecurityWarning, lessonGrammar},
	"security.fullAccess":          {SecurityWarning, lessonChecklist},
	"security.passRoleAny":         {SecurityWarning, lessonRoles},
	"security.privilegeEscalation": {SecurityWarning, lessonChecklist},
	"security.sensitiveNoMFA":      {Warning, lessonConditions},
	"security.publicResource":      {SecurityWarning, lessonTypes},
	"security.trustAnyPrincipal":   {SecurityWarning, lessonCrossAcct},
	"security.trustNoExternalId":   {SecurityWarning, lessonCrossAcct},
	"statement.redundant":          {Suggestion, lessonEvaluation},
	"policy.variablesIgnored":      {Warning, lessonVariables},
	"checklist.rootAccessKeys":     {SecurityWarning, lessonRoot},
	"checklist.rootNoMFA":          {SecurityWarning, lessonRoot},
	"checklist.consoleNoMFA":       {SecurityWarning, lessonUsers},
	"checklist.oldAccessKey":       {Warning, lessonUsers},
	"checklist.twoActiveKeys":      {Warning, lessonUsers},
	"checklist.userPolicies":       {Suggestion, lessonGroups},
	"checklist.externalAccess":     {SecurityWarning, lessonCrossAcct},
}

// Codes lists the codes lint reports itself, sorted.
func Codes() []string {
	var cs []string
	for c := range checks {
		cs = append(cs, c)
	}
	sort.Strings(cs)
	return cs
}

// LessonURL is the address of a lesson slug.
func LessonURL(slug string) string { return "/lessons/" + slug + "/" }

// parserLesson picks a lesson for a parser problem by its code's family.
func parserLesson(code string) string {
	for _, p := range []struct{ prefix, slug string }{
		{"condition.", lessonConditions}, {"operator.", lessonConditions}, {"variable.", lessonVariables},
		{"principal.", lessonTypes}, {"input.", lessonTroubleshot}, {"world.", lessonTroubleshot}, {"scenario.", lessonTroubleshot},
	} {
		if len(code) >= len(p.prefix) && code[:len(p.prefix)] == p.prefix {
			return p.slug
		}
	}
	return lessonGrammar
}

// fromParser turns the parser's problems into findings.
func fromParser(errs policy.ErrorList) []Finding {
	out := make([]Finding, 0, len(errs))
	for _, e := range errs {
		sev := Error
		if e.Severity == policy.SevWarning {
			sev = Warning
		}
		out = append(out, Finding{File: e.Policy, Span: e.Span, Severity: sev, Code: e.Code, Message: e.Msg, Lesson: LessonURL(parserLesson(e.Code))})
	}
	return out
}

// report collects findings.
type report struct{ out []Finding }

func (r *report) add(src *policy.Source, sp policy.Span, code, msg string) {
	c, ok := checks[code]
	if !ok {
		panic("lint: unregistered code " + code)
	}
	name := ""
	if src != nil {
		name = src.Name
	}
	r.out = append(r.out, Finding{File: name, Span: sp, Severity: c.sev, Code: code, Message: msg, Lesson: LessonURL(c.lesson)})
}

func q(s string) string { return strconv.Quote(s) }
