package policy

import "github.com/iamplayground/iamplay/engine/internal/match"

// Table holds what evaluating a policy reads of every statement that does
// not apply, side by side in a few flat arrays: a row per statement, a
// filter per action and resource pattern (match.Filter), a key number per
// condition. A statement is a tree of separately allocated elements, and a
// policy of thousands of them spread over megabytes of the heap; read
// through the table, most statements are rejected from a few dozen
// adjacent bytes. The statements stay the authority: the table only
// short-cuts reading them, and evaluation reads a statement itself
// whenever the table cannot decide (a pattern the filter cannot decide, a
// Principal, policy variables, a statement that applies).
type Table struct {
	// Rows has one row per statement, in order.
	Rows []Row
	// Filters holds each row's actions' filters, then its resources', row
	// after row: a row's start is the sum of the counts of the rows before.
	Filters []match.Filter
	// CondKeys holds each row's conditions' keys, row after row, as
	// indices into Keys.
	CondKeys []uint32
	// Keys holds the distinct lower-case condition keys (Condition.KeyLower).
	Keys []string
}

// Row is a statement's entry in its policy's Table.
type Row struct {
	// SidLen is the length of the statement's Sid.
	SidLen uint32
	// Actions, Resources and Conditions count the statement's action
	// patterns, resource patterns and conditions.
	Actions, Resources, Conditions uint16
	Flags                          RowFlags
}

// RowFlags say what of a statement its row leaves to the statement.
type RowFlags uint8

// The flags of a row.
const (
	// RowPrincipal: the statement has a Principal or NotPrincipal.
	RowPrincipal RowFlags = 1 << iota
	// RowNotAction: the action patterns are a NotAction element.
	RowNotAction
	// RowNoResource: the statement has neither Resource nor NotResource.
	RowNoResource
	// RowNotResource: the resource patterns are a NotResource element.
	RowNotResource
	// RowResourceVars: a resource pattern holds policy variables (its
	// filter is unset).
	RowResourceVars
	// RowConditionVars: a condition's values hold policy variables.
	RowConditionVars
	// RowAnyResource: the first resource pattern is "*", which matches
	// every resource.
	RowAnyResource
)

// maxRowCount is the most patterns or conditions a row counts; a policy
// with a statement of more has no table.
const maxRowCount = 1<<16 - 1

// minTableStatements is the fewest statements Parse builds a table for. A
// few statements take little memory, and the filters cost more than they
// save: a filter that cannot decide is followed by the pattern itself (a
// simple shape's decision took 5-9% longer through its one-statement
// policy's table, engine's BenchmarkTables), and building the table is
// work on every parse, every keystroke in the playground.
const minTableStatements = 8

// NewTable builds the table of statements, or returns nil when they cannot
// have one: a statement out of place (its Index not its position) or with
// more than maxRowCount patterns or conditions. Parse calls it for policies
// of minTableStatements statements or more; tests build tables for any.
func NewTable(stmts []*Statement) *Table {
	nf, nc := 0, 0
	for i, s := range stmts {
		na, nr := len(s.Actions.Items), 0
		if s.Resources != nil {
			nr = len(s.Resources.Items)
		}
		if s.Index != i || na > maxRowCount || nr > maxRowCount || len(s.Conditions) > maxRowCount {
			return nil
		}
		nf += na + nr
		nc += len(s.Conditions)
	}
	t := &Table{Rows: make([]Row, len(stmts)), Filters: make([]match.Filter, 0, nf), CondKeys: make([]uint32, 0, nc)}
	var index map[string]uint32 // Keys' indices, once there are many
	key := func(k string) uint32 {
		if index == nil {
			for i, have := range t.Keys {
				if have == k {
					return uint32(i)
				}
			}
			if len(t.Keys) < 8 {
				t.Keys = append(t.Keys, k)
				return uint32(len(t.Keys) - 1)
			}
			index = make(map[string]uint32, 2*len(t.Keys))
			for i, have := range t.Keys {
				index[have] = uint32(i)
			}
		}
		i, ok := index[k]
		if !ok {
			i = uint32(len(t.Keys))
			t.Keys = append(t.Keys, k)
			index[k] = i
		}
		return i
	}
	for i, s := range stmts {
		r := &t.Rows[i]
		r.SidLen = uint32(len(s.Sid))
		if s.Principal != nil {
			r.Flags |= RowPrincipal
		}
		if s.Actions.Not {
			r.Flags |= RowNotAction
		}
		r.Actions = uint16(len(s.Actions.Items))
		for _, it := range s.Actions.Items {
			t.Filters = append(t.Filters, it.Pattern.Filter())
		}
		switch {
		case s.Resources == nil:
			r.Flags |= RowNoResource
		case s.Resources.Not:
			r.Flags |= RowNotResource
		}
		if s.Resources != nil {
			r.Resources = uint16(len(s.Resources.Items))
			if len(s.Resources.Items) > 0 && s.Resources.Items[0].Any {
				r.Flags |= RowAnyResource
			}
			for _, it := range s.Resources.Items {
				var f match.Filter
				switch {
				case it.Any:
					f = match.FilterAll()
				case it.Tmpl != nil:
					r.Flags |= RowResourceVars
				default:
					f = it.Pattern.Filter()
				}
				t.Filters = append(t.Filters, f)
			}
		}
		r.Conditions = uint16(len(s.Conditions))
		for _, c := range s.Conditions {
			if len(c.VarKeys) > 0 {
				r.Flags |= RowConditionVars
			}
			t.CondKeys = append(t.CondKeys, key(c.KeyLower))
		}
	}
	return t
}
