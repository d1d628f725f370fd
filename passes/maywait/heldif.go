package maywait

import (
	"go/ast"
	"go/constant"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A lock a function takes only when its caller asks (if lockAndLoad {
// c.mu.Lock() }) is held at the calls right after it whenever the caller
// passes true, and the callers that pass false say, by doing so, that
// they hold it already: the lock is held at those calls when every
// caller passes true, or false with it held.

// heldIf returns the write locks c's function takes under its bool
// parameter before c (if lock { mu.Lock() }, the if's join leading to
// c on every path, with no release on the way), with the parameter's
// index.
func (p *peers) heldIf(c ssa.CallInstruction) ([]string, int) {
	g := c.Parent()
	for _, b := range g.Blocks {
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		prm, ok := iff.Cond.(*ssa.Parameter)
		then, join := b.Succs[0], b.Succs[1]
		if !ok || len(then.Succs) != 1 || then.Succs[0] != join || len(then.Preds) != 1 || !join.Dominates(c.Block()) {
			continue
		}
		var classes []string
		for _, x := range then.Instrs {
			if k, ok := x.(ssa.CallInstruction); ok {
				if t, ok := p.lockOf(k); ok && t.mode != model.Shared {
					classes = append(classes, t.class)
				}
			}
		}
		i := slices.Index(g.Params, prm)
		if len(classes) == 0 || i < 0 || p.unlocksBetween(join, c) {
			continue
		}
		return classes, i
	}
	return nil, 0
}

// unlocksBetween reports whether a call that may release a lock lies on
// a path from the start of join to c.
func (p *peers) unlocksBetween(join *ssa.BasicBlock, c ssa.CallInstruction) bool {
	from := blocks.Reachable(join, blocks.Succs)
	to := blocks.Reachable(c.Block(), blocks.Preds)
	for b := range from {
		if !to[b] && b != c.Block() {
			continue
		}
		for _, x := range b.Instrs {
			if x == ssa.Instruction(c) {
				break
			}
			if k, ok := x.(ssa.CallInstruction); ok && p.mayUnlock(k) {
				return true
			}
		}
	}
	return false
}

// mayUnlock reports whether k may release a lock: an unlock, or a call
// the package cannot see into. (A package function that unlocks what
// its caller took is named for it; lockset answers for those.)
func (p *peers) mayUnlock(k ssa.CallInstruction) bool {
	if e, ok := p.m.Lookup(calleeObj(k.Common())); ok {
		return e.Is(model.Unlocks)
	}
	return k.Common().StaticCallee() == nil
}

// heldIfAsked returns classes when every call of g passes true for its
// i'th parameter, or false with each of classes held.
func (p *peers) heldIfAsked(g *ssa.Function, i int, classes []string) []string {
	calls := p.callers[g]
	if len(calls) == 0 || g.Object() == nil || g.Object().Exported() {
		return nil
	}
	for _, cc := range calls {
		com := cc.Common()
		if com.IsInvoke() || i >= len(com.Args) {
			return nil
		}
		k, ok := com.Args[i].(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Bool {
			return nil
		}
		if constant.BoolVal(k.Value) {
			continue
		}
		call := refs.SyntaxAt[*ast.CallExpr](cc.Parent(), com.Pos())
		if call == nil {
			return nil
		}
		held := writeLocks(p.locks.HeldEntering(call))
		if slices.ContainsFunc(classes, func(k string) bool { return !slices.Contains(held, k) }) {
			return nil
		}
	}
	return classes
}
