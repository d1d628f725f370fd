package maywait

import (
	"go/ast"
	"go/constant"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A lock a function takes only when its caller asks (if lockAndLoad {
// c.mu.Lock() }) is held at the calls right after it whenever the caller
// passes true, and the callers that pass false say, by doing so, that
// they hold it already: the lock is held at those calls when every
// caller passes true, or false with it held.

// heldIf returns the write locks c's function takes right before c
// under its bool parameter (the block the if's true branch leads to is
// c's, with no release in between), with the parameter's index.
func (p *peers) heldIf(c ssa.CallInstruction) ([]string, int) {
	g, b := c.Parent(), c.Block()
	for _, pred := range b.Preds {
		iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If)
		if !ok || len(pred.Succs) != 2 || pred.Succs[1] != b {
			continue
		}
		prm, ok := iff.Cond.(*ssa.Parameter)
		if !ok {
			continue
		}
		then := pred.Succs[0]
		if len(then.Succs) != 1 || then.Succs[0] != b || len(then.Preds) != 1 {
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
		for _, x := range b.Instrs {
			if x == c {
				break
			}
			if k, ok := x.(ssa.CallInstruction); ok && p.mayUnlock(k) {
				return nil, 0
			}
		}
		if i := slices.Index(g.Params, prm); i >= 0 && len(classes) > 0 {
			return classes, i
		}
	}
	return nil, 0
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
