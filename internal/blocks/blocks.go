// Package blocks answers control-flow questions about the basic blocks
// of an SSA function that several passes and checks ask: which blocks
// run a select's cases, which blocks form the loop around a block, and
// which blocks a block reaches.
package blocks

import (
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// CaseBlocks maps each case of a select to the block that runs it, when
// the SSA form's "index == i" tests can be followed; nil otherwise.
func CaseBlocks(sel *ssa.Select) []*ssa.BasicBlock {
	out := make([]*ssa.BasicBlock, len(sel.States))
	var index ssa.Value
	for _, ref := range *sel.Referrers() {
		if ex, ok := ref.(*ssa.Extract); ok && ex.Index == 0 {
			index = ex
		}
	}
	if index == nil {
		return out
	}
	for _, ref := range *index.Referrers() {
		bin, ok := ref.(*ssa.BinOp)
		if !ok || bin.Op != token.EQL {
			continue
		}
		k, ok := bin.Y.(*ssa.Const)
		if !ok || k.Value == nil {
			continue
		}
		i, exact := constant.Int64Val(k.Value)
		if !exact || i < 0 || int(i) >= len(out) {
			continue
		}
		for _, use := range *bin.Referrers() {
			if iff, ok := use.(*ssa.If); ok && iff.Cond == bin {
				out[i] = iff.Block().Succs[0]
			}
		}
	}
	return out
}

// Loop returns the blocks of the cycles through b: those that b reaches
// and that reach b; nil when b is in no loop.
func Loop(b *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	fwd := Reachable(b, Succs)
	if !fwd[b] {
		return nil
	}
	bwd := Reachable(b, Preds)
	out := make(map[*ssa.BasicBlock]bool)
	for x := range fwd {
		if bwd[x] {
			out[x] = true
		}
	}
	return out
}

// LoopAvoiding returns the blocks of the cycles through b that do not go
// through avoid: an inner loop's, where avoid is in a loop around it;
// nil when there is none.
func LoopAvoiding(b, avoid *ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	if b == avoid {
		return nil
	}
	without := func(next func(*ssa.BasicBlock) []*ssa.BasicBlock) func(*ssa.BasicBlock) []*ssa.BasicBlock {
		return func(x *ssa.BasicBlock) []*ssa.BasicBlock {
			if x == avoid {
				return nil
			}
			return next(x)
		}
	}
	fwd := Reachable(b, without(Succs))
	if !fwd[b] {
		return nil
	}
	bwd := Reachable(b, without(Preds))
	out := make(map[*ssa.BasicBlock]bool)
	for x := range fwd {
		if bwd[x] && x != avoid {
			out[x] = true
		}
	}
	return out
}

// Succs and Preds are the two directions Reachable walks.
func Succs(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Succs }
func Preds(b *ssa.BasicBlock) []*ssa.BasicBlock { return b.Preds }

// Reachable returns the blocks reached from b by one or more steps of
// next (b itself only through a cycle).
func Reachable(b *ssa.BasicBlock, next func(*ssa.BasicBlock) []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := make(map[*ssa.BasicBlock]bool)
	stack := slices.Clone(next(b))
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, next(x)...)
	}
	return seen
}

// OnEveryReturn reports whether b runs on every path from its function's
// entry that returns (paths that panic do not count), and whether the
// function returns at all (recovering from a panic aside).
func OnEveryReturn(b *ssa.BasicBlock) (every, returns bool) {
	fn := b.Parent()
	every = true
	for _, x := range fn.Blocks {
		if x == fn.Recover || len(x.Instrs) == 0 {
			continue
		}
		if _, ok := x.Instrs[len(x.Instrs)-1].(*ssa.Return); ok {
			returns = true
			if !b.Dominates(x) {
				every = false
			}
		}
	}
	return every, returns
}

// Precedes reports whether a runs before b on every path to b, both in
// one function.
func Precedes(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, x := range a.Block().Instrs {
		switch x {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}
