package engine

import (
	"github.com/iamplayground/iamplay/engine/internal/match"
	"github.com/iamplayground/iamplay/engine/policy"
)

// A policy of thousands of statements is thousands of trees of small
// objects spread over the heap; evaluating it chased pointers through
// megabytes, and past the processor's caches each statement cost half as
// much again (BenchmarkLinearity). Parse lays out what evaluation reads of
// each statement flat, in the policy's Table (policy/table.go): the
// evaluator reads a statement's row, and its pattern filters and condition
// keys, which sit next to those of the statements before and after, and
// reads the statement itself only when they cannot decide. The rules are
// those of statement.go whichever way a statement is read.

// row is a statement as the evaluator reads it: its index, and when its
// policy has a table, its row, whose filters and condition keys start at f
// and k (else Row is nil).
type row struct {
	*policy.Row
	table *policy.Table
	index int
	f, k  int
}

// tableOf is p's table, or nil. Parse gives a table only to policies of
// enough statements for it to pay (policy.NewTable). A walk of p's
// statements starts from row{table: tableOf(p)} and calls next for each
// in order.
func tableOf(p *policy.Policy) *policy.Table {
	if t := p.Table; t != nil && len(t.Rows) == len(p.Statements) {
		return t
	}
	return nil
}

// next moves r to s, statement i, the one after r's. A statement read
// without a table has the index it says it has (its position, in a policy
// made by Parse).
func (r *row) next(i int, s *policy.Statement) {
	if r.table == nil {
		r.index = s.Index
		return
	}
	r.index = i
	if r.Row != nil {
		r.f += int(r.Actions) + int(r.Resources)
		r.k += int(r.Conditions)
	}
	r.Row = &r.table.Rows[i]
}

// actions and resources are the filters of the row's patterns, keys its
// conditions' keys.
func (r *row) actions() []match.Filter {
	return r.table.Filters[r.f : r.f+int(r.Actions)]
}

func (r *row) resources() []match.Filter {
	a := r.f + int(r.Actions)
	return r.table.Filters[a : a+int(r.Resources)]
}

func (r *row) keys() []uint32 { return r.table.CondKeys[r.k : r.k+int(r.Conditions)] }

func (r *row) hasPrincipal(s *policy.Statement) bool {
	if r.Row != nil {
		return r.Flags&policy.RowPrincipal != 0
	}
	return s.Principal != nil
}

func (r *row) notAction(s *policy.Statement) bool {
	if r.Row != nil {
		return r.Flags&policy.RowNotAction != 0
	}
	return s.Actions.Not
}

func (r *row) sidLen(s *policy.Statement) int {
	if r.Row != nil {
		return int(r.SidLen)
	}
	return len(s.Sid)
}
