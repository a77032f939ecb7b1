package world

import (
	"strings"

	"github.com/iamplayground/iamplay/engine"
)

// Session tags: tags passed when a role is assumed. The call carries them as
// aws:RequestTag/KEY and aws:TagKeys, needs sts:TagSession as well as
// sts:AssumeRole, and the session then has them as aws:PrincipalTag/KEY; a
// session tag overrides a role tag of the same key (IAM User Guide,
// "Passing session tags in AWS STS").

// requestTags is the context of a call that passes tags.
func requestTags(tags []Tag) map[string]engine.ContextValue {
	if len(tags) == 0 {
		return nil
	}
	ctx := map[string]engine.ContextValue{}
	keys := make([]string, 0, len(tags))
	for _, t := range tags {
		ctx["aws:RequestTag/"+t.Key] = engine.ContextValue{Values: []string{t.Value}, Derived: true, Note: "a session tag passed with the call"}
		keys = append(keys, t.Key)
	}
	ctx["aws:TagKeys"] = engine.ContextValue{Values: keys, Multi: true, Derived: true, Note: "the keys of the session tags passed with the call"}
	return ctx
}

// sessionTags is the role's tags with the session's tags over them.
func sessionTags(role, session []Tag) []Tag {
	if len(session) == 0 {
		return role
	}
	out := make([]Tag, 0, len(role)+len(session))
	for _, t := range role {
		overridden := false
		for _, st := range session {
			// Tag keys are case-insensitive for session tags.
			overridden = overridden || strings.EqualFold(st.Key, t.Key)
		}
		if !overridden {
			out = append(out, t)
		}
	}
	return append(out, session...)
}

func tagList(tags []Tag) string {
	parts := make([]string, len(tags))
	for i, t := range tags {
		parts[i] = t.Key + "=" + t.Value
	}
	return strings.Join(parts, ", ")
}
