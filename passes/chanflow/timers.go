package chanflow

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// IsTimer reports whether v is a timer's channel: the result of a call
// the model marks Timer (time.After, time.Tick), the C of a time.Timer or
// time.Ticker, or the result of a package function every return of which
// gives one (func (c *Child) splay() <-chan time.Time { return
// time.After(d) }). The runtime sends on it: a wait on it ends when the
// timer fires, and it orders nothing with another goroutine.
func (r *Result) IsTimer(v ssa.Value) bool {
	f := r.get()
	f.timerMu.Lock()
	defer f.timerMu.Unlock()
	return f.isTimer(v, make(map[ssa.Value]bool))
}

func (f *flows) isTimer(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return true // a cycle of phis: decided by its other edges
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Call:
		if e, ok := f.m.Lookup(calleeObj(&v.Call)); ok {
			return e.Is(model.Timer)
		}
		if callee := v.Call.StaticCallee(); callee != nil && len(callee.Blocks) > 0 {
			return f.returnsTimer(callee)
		}
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok && v.Op == token.MUL {
			return model.IsTimerField(refs.FieldOf(fa))
		}
	case *ssa.ChangeType:
		return f.isTimer(v.X, seen)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if !f.isTimer(e, seen) {
				return false
			}
		}
		return len(v.Edges) > 0
	}
	return false
}

// returnsTimer reports whether every return of fn gives a timer's
// channel as its one result.
func (f *flows) returnsTimer(fn *ssa.Function) bool {
	if got, ok := f.timerFuncs[fn]; ok {
		return got
	}
	if f.timerFuncs == nil {
		f.timerFuncs = make(map[*ssa.Function]bool)
	}
	f.timerFuncs[fn] = false // a recursive helper proves nothing
	if fn.Signature.Results().Len() != 1 {
		return false
	}
	seen, any := make(map[ssa.Value]bool), false
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			if !f.isTimer(ret.Results[0], seen) {
				return false
			}
			any = true
		}
	}
	f.timerFuncs[fn] = any
	return any
}

// calleeObj returns the function a call names (its origin for an
// instance of a generic function), or nil.
func calleeObj(c *ssa.CallCommon) *types.Func {
	if c.IsInvoke() {
		return c.Method
	}
	callee := c.StaticCallee()
	if callee == nil {
		return nil
	}
	if callee.Origin() != nil {
		callee = callee.Origin()
	}
	obj, _ := callee.Object().(*types.Func)
	return obj
}
