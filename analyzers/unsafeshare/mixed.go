package unsafeshare

import (
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// key identifies a word accessed atomically: a field (for every value of
// its struct), or a variable.
func keyOf(acc access, fld *types.Var) types.Object {
	if fld != nil {
		return fld
	}
	if acc.p.rest == "" {
		return acc.p.root
	}
	return nil
}

// mixed reports plain accesses, in functions that run as tasks or
// goroutines, to a variable or field that the package accesses with
// sync/atomic functions elsewhere.
func (a *checker) mixed() {
	if !funcs.Imports(a.pass.Pkg, "sync/atomic") || len(a.spawns) == 0 {
		return
	}
	type atomicUse struct {
		fn  *funcs.Func
		acc access
	}
	atomics := make(map[types.Object][]atomicUse)
	plain := make(map[*funcs.Func][]access)
	for _, fn := range a.ix.Funcs {
		accs, n := a.accessesOf(fn)
		for _, acc := range accs[n:] {
			_, fld := fieldOf(a.pass.TypesInfo, acc.node)
			if k := keyOf(acc, fld); k != nil {
				atomics[k] = append(atomics[k], atomicUse{fn, acc})
			}
		}
		plain[fn] = accs[:n]
	}
	if len(atomics) == 0 {
		return
	}
	bodies := make(map[*funcs.Func]*tasks.Spawn)
	for _, s := range a.spawns {
		if s.Body != nil && s.Kind != model.InPlace && bodies[s.Body] == nil {
			bodies[s.Body] = s
		}
	}
	for _, fn := range a.ix.Funcs {
		s := bodies[fn]
		if s == nil {
			continue
		}
		seen := make(map[types.Object]bool)
		for _, acc := range plain[fn] {
			sel, fld := fieldOf(a.pass.TypesInfo, acc.node)
			k := keyOf(acc, fld)
			if k == nil || seen[k] || len(atomics[k]) == 0 {
				continue
			}
			if sel != nil && a.ownValue(fn, sel) {
				continue
			}
			if sel == nil {
				if v, ok := k.(*types.Var); ok && hb.DeclaredIn(v, fn.Body) {
					continue
				}
			}
			if len(a.heldAt(fn, acc.node)) > 0 {
				continue // under a lock: the atomic writes may all hold it too
			}
			// A plain read by the only goroutine that writes atomically
			// is not a race: it needs an atomic write elsewhere.
			var other *atomicUse
			for i, u := range atomics[k] {
				if !acc.write && u.fn == fn {
					continue // the goroutine reads what it writes itself
				}
				if u.fn == s.In && u.acc.node.Pos() < s.Pos() {
					continue // before the spawn
				}
				if u.fn != fn && a.hb.OrderedBefore(u.fn, u.acc.node, a.hb.Mentions(fn, false)) {
					continue // after a point that may order it after the goroutine
				}
				other = &atomics[k][i]
				break
			}
			if other == nil {
				continue
			}
			seen[k] = true
			a.reportf(acc.node.Pos(), "%s is %s here without sync/atomic, in a %s started at %s, but accessed atomically at %s: every access must be atomic (or use an atomic type such as atomic.Int64)",
				acc.p.String(), verb(acc.write), kindOf(s), a.pos(s.Pos()), a.pos(other.acc.node.Pos()))
		}
	}
}
