package lockorder

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
)

// A constructor that locks the object it builds, registers the object's
// callback and unlocks (p.Lock(); nc.SetHandler(p.changed); ...) takes
// the lock before the callback can run on that object: an edge of the
// constructor's callers to that lock and an edge of the callback from
// it cannot meet on one object, and on two objects they are no cycle.
// boundLater finds such a pair of consecutive edges in a cycle
// (chanflow.BoundAfter).
func boundLater(pass *analysis.Pass, ix *funcs.Index, graph []Edge, cycle []int, imported int) bool {
	cf := pass.ResultOf[chanflow.Analyzer].(*chanflow.Result)
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	for k, i := range cycle {
		j := cycle[(k+1)%len(cycle)]
		if i < imported || j < imported {
			continue
		}
		at := lockCall(pass, ix, locks, cf, graph[i].To, graph[i].toAt)
		if at == nil {
			continue
		}
		if fn := holder(pass, locks, cf, graph[j]); fn != nil && cf.BoundAfter(fn, at) {
			return true
		}
	}
	return false
}

// lockCall returns the lock call of the package, of class to, at the
// position toAt ("file.go:12"), when there is exactly one.
func lockCall(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, cf *chanflow.Result, to, toAt string) ssa.CallInstruction {
	var found ssa.CallInstruction
	for _, fn := range ix.Funcs {
		for _, op := range locks.LockOps(fn) {
			if op.Lock.Order != to || pos(pass, op.Call.Pos()) != toAt {
				continue
			}
			c := cf.Program().CallAt(op.Call.Lparen)
			if c == nil || found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// holder returns the method of e's function that holds e's From lock,
// when it locked it itself, on its receiver.
func holder(pass *analysis.Pass, locks *lockset.Result, cf *chanflow.Result, e Edge) *ssa.Function {
	if e.fn == nil || e.held.Via != "" {
		return nil
	}
	for _, op := range locks.LockOps(e.fn) {
		if op.Call.Pos() != e.held.Pos || op.Lock.Key != e.held.Key {
			continue
		}
		c := cf.Program().CallAt(op.Call.Lparen)
		if c == nil || len(c.Common().Args) == 0 {
			return nil
		}
		fn := c.Parent()
		if fn.Signature.Recv() == nil || len(fn.Params) == 0 || cf.Program().Of(c.Common().Args[0]).Root != fn.Params[0] {
			return nil
		}
		return fn
	}
	return nil
}

// lockPos returns where a chain's lock is taken: its last step.
func lockPos(chain []lockacq.Step) string {
	if len(chain) == 0 {
		return ""
	}
	return chain[len(chain)-1].Pos
}
