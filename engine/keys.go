package engine

import (
	"slices"
	"strings"
)

// Keys reports the request context as evaluated.
type Keys struct {
	Given   []KeyValue `json:"given"`
	Derived []KeyValue `json:"derived"`
	// Missing lists keys the policies referred to that the request did not
	// supply and the engine could not derive.
	Missing []string `json:"missing"`
}

// KeyValue is one context key with its values.
type KeyValue struct {
	Key    string   `json:"key"`
	Values []string `json:"values"`
	Note   string   `json:"note,omitempty"`
}

// Keys reports the context keys as evaluated: given by the request, derived
// by the engine, and missing — referred to by a condition or a policy
// variable but neither given nor derivable.
func (t *Trace) Keys() Keys {
	if t.keys != nil {
		return *t.keys
	}
	kv, given := t.req.keyList, t.req.given
	k := Keys{Given: kv[:given:given], Derived: kv[given:len(kv):len(kv)], Missing: t.missing[:0]}
	clear(t.seen)
	miss := func(lower, name string) {
		if _, ok := t.req.keys[lower]; ok || t.seen[lower] {
			return
		}
		if t.seen == nil {
			t.seen = map[string]bool{}
		}
		t.seen[lower] = true
		k.Missing = append(k.Missing, name)
	}
	// Only the events flagged when recorded can name a missing key: read
	// from the first of them until all are seen.
	var events []event
	if t.keyEvents > 0 {
		events = t.events[t.firstKey:]
	}
	left := t.keyEvents
	for i := range events {
		if left == 0 {
			break
		}
		e := &events[i]
		if e.flags&fKeys == 0 {
			continue
		}
		left--
		switch e.kind {
		case evCondition:
			st := &t.events[e.pol]
			c := t.pols[st.pol].Statements[st.stmt].Conditions[e.stmt]
			if e.flags&fAbsent != 0 {
				miss(c.KeyLower, c.Key.Text)
			}
			for _, key := range c.VarKeys {
				miss(strings.ToLower(key), key)
			}
		case evResource:
			for _, it := range t.pols[e.pol].Statements[e.stmt].Resources.Items {
				if it.Tmpl != nil {
					for _, key := range it.Tmpl.Keys() {
						miss(strings.ToLower(key), key)
					}
				}
			}
		}
	}
	slices.Sort(k.Missing)
	if k.Missing == nil {
		k.Missing = []string{}
	}
	t.missing = k.Missing
	t.keyReport = k
	t.keys = &t.keyReport
	return k
}
