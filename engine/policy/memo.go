package policy

import "github.com/iamplayground/iamplay/engine/internal/jsonpos"

// Memo remembers parsed statements, so that parsing a policy again after a
// small edit builds only the statements whose text changed. A statement
// found in the memo is copied with its spans moved to where it now stands;
// the result is the same as a fresh parse. Call Rotate between rounds (the
// playground rotates once per keystroke): statements not used in a round
// are then forgotten, so memory stays bounded by what is in use. A Memo is
// not safe for concurrent use.
type Memo struct {
	prev, cur map[stmtKey]memoEntry
}

type stmtKey struct {
	typ  Type
	vars bool
	text string
}

type memoEntry struct {
	stmt *Statement // nil when the statement had errors
	errs ErrorList
	base Pos // where the statement started when it was parsed
}

// Rotate starts a new round: what was used in the last round stays
// available, everything older is dropped. The dropped round's map is
// emptied and kept for the new one, rather than a new map made on every
// keystroke.
func (m *Memo) Rotate() {
	old := m.prev
	if old == nil {
		old = make(map[stmtKey]memoEntry, len(m.cur))
	} else {
		clear(old)
	}
	m.prev, m.cur = m.cur, old
}

// len is the number of statements the memo holds.
func (m *Memo) len() int { return len(m.cur) + len(m.prev) }

// has reports whether the memo holds the statement text for policies of
// type typ, with or without policy variables.
//
// It and lookup look in the last round first: a statement seen on the last
// keystroke is usually there and not yet in this round's map, and each
// look hashes the statement's whole text. (Either map's entry for a key
// gives the same statement: the text is the same.)
func (m *Memo) has(typ Type, text string) bool {
	for _, vars := range [2]bool{true, false} {
		k := stmtKey{typ: typ, vars: vars, text: text}
		if _, ok := m.prev[k]; ok {
			return true
		}
		if _, ok := m.cur[k]; ok {
			return true
		}
	}
	return false
}

func (m *Memo) lookup(k stmtKey) (memoEntry, bool) {
	if e, ok := m.prev[k]; ok {
		m.store(k, e)
		return e, true
	}
	e, ok := m.cur[k]
	return e, ok
}

func (m *Memo) store(k stmtKey, e memoEntry) {
	if m.cur == nil {
		m.cur = map[stmtKey]memoEntry{}
	}
	m.cur[k] = e
}

// ParseMemo is Parse with a memo of statements, for text already held as a
// string (it is not copied).
func ParseMemo(name string, text string, typ Type, m *Memo) (*Policy, ErrorList) {
	return parse(name, text, typ, m)
}

// memoStatement parses the statement v, or takes it from the memo.
func (p *parser) memoStatement(v *jsonpos.Value, index int) *Statement {
	if p.memo == nil || v.Kind != jsonpos.Object {
		return p.statement(v, index)
	}
	key := stmtKey{typ: p.typ, vars: p.vars, text: p.text[v.Start:v.End]}
	base := p.src.Pos(v.Start)
	e, ok := p.memo.lookup(key)
	if !ok && v.Lazy {
		// Known text, but held for the other Version: parse it after all.
		full, jerr := jsonpos.ParseValueAt(p.text, v.Start, 2)
		if jerr != nil {
			p.errorf(p.src.Span(jerr.Offset, jerr.Offset+1), jerr.Code, jerr.Msg)
			return nil
		}
		v = full
	}
	if ok {
		sh := shift{from: e.base, to: base}
		for _, err := range e.errs {
			c := *err
			c.Policy = p.src.Name
			c.Span = sh.span(c.Span)
			p.errs = append(p.errs, &c)
		}
		if e.stmt == nil {
			return nil
		}
		return e.stmt.moved(sh, index)
	}
	before := len(p.errs)
	s := p.statement(v, index)
	p.memo.store(key, memoEntry{stmt: s, errs: append(ErrorList(nil), p.errs[before:]...), base: base})
	return s
}

// shift moves positions from one statement start to another: offsets and
// lines move by the difference, and columns too on the statement's first
// line, the only one whose columns depend on where the statement starts.
type shift struct{ from, to Pos }

func (s shift) pos(p Pos) Pos {
	if !p.IsValid() {
		return p
	}
	q := p
	q.Offset += s.to.Offset - s.from.Offset
	if p.Line == s.from.Line {
		q.Col += s.to.Col - s.from.Col
	}
	q.Line += s.to.Line - s.from.Line
	return q
}

func (s shift) span(sp Span) Span { return Span{Start: s.pos(sp.Start), End: s.pos(sp.End)} }

func (s shift) none() bool { return s.from == s.to }

// moved returns the statement as it stands at its new place: itself when
// nothing moved, else a copy with every span shifted. Compiled patterns,
// templates and condition tests are shared: they never change.
func (st *Statement) moved(sh shift, index int) *Statement {
	if sh.none() && st.Index == index {
		return st
	}
	c := *st
	c.Index = index
	c.Span, c.EffectSpan = sh.span(st.Span), sh.span(st.EffectSpan)
	c.Actions.Span = sh.span(st.Actions.Span)
	c.Actions.Items = append([]Action(nil), st.Actions.Items...)
	for i := range c.Actions.Items {
		c.Actions.Items[i].Span = sh.span(c.Actions.Items[i].Span)
	}
	if st.Resources != nil {
		r := *st.Resources
		r.Span = sh.span(r.Span)
		r.Items = append([]ResourcePattern(nil), r.Items...)
		for i := range r.Items {
			r.Items[i].Span = sh.span(r.Items[i].Span)
		}
		c.Resources = &r
	}
	if st.Principal != nil {
		pr := *st.Principal
		pr.Span = sh.span(pr.Span)
		pr.Items = append([]PrincipalID(nil), pr.Items...)
		for i := range pr.Items {
			pr.Items[i].Span = sh.span(pr.Items[i].Span)
		}
		c.Principal = &pr
	}
	if st.Conditions != nil {
		c.Conditions = make([]*Condition, len(st.Conditions))
		for i, cd := range st.Conditions {
			n := *cd
			n.OpSpan, n.Span = sh.span(cd.OpSpan), sh.span(cd.Span)
			n.Key.Span = sh.span(cd.Key.Span)
			n.Values = append([]Value(nil), cd.Values...)
			for j := range n.Values {
				n.Values[j].Span = sh.span(n.Values[j].Span)
			}
			c.Conditions[i] = &n
		}
	}
	return &c
}
