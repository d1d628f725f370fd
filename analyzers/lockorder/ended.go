package lockorder

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"
)

// Two orders of one pair of locks deadlock only when two goroutines can
// take them at the same time. A session's Close that waits for its
// receive loop to end (<-s.recvDoneCh, closed by the loop's deferred
// close) and then takes the locks in one order cannot meet the loop's
// handlers, which take them in the other: every handler ran before the
// loop returned. ended answers that on the package's SSA form: an edge
// runs after the end of a loop function L when, before it on every path,
// its function receives from a channel that only L closes, in a
// deferred close, and nobody sends on; an edge runs within L when every
// chain of calls that reaches its function goes through L (no other root
// of the package's call graph reaches it: not an exported function, a
// goroutine's body, or a function used as a value other than a call).
// A channel can be closed once, so L ends once per object.
type ended struct {
	prog    *refs.Program
	cf      *chanflow.Result
	callers map[*ssa.Function][]*ssa.Function
	escapes map[*ssa.Function]bool // used as a value elsewhere than a call
	started map[*ssa.Function]bool // the body of a goroutine
}

func newEnded(cf *chanflow.Result) *ended {
	g := &ended{
		prog:    cf.Program(),
		cf:      cf,
		callers: make(map[*ssa.Function][]*ssa.Function),
		escapes: make(map[*ssa.Function]bool),
		started: make(map[*ssa.Function]bool),
	}
	for _, fn := range g.prog.Funcs {
		for _, c := range cf.Callees(fn) {
			g.callers[c] = append(g.callers[c], fn)
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				g.scanRefs(instr)
			}
		}
	}
	for _, s := range cf.Starts() {
		for _, t := range s.Targets {
			g.started[t] = true
		}
	}
	return g
}

// scanRefs marks the functions instr uses as values: any operand but
// the callee of a call, and the method a bound method value or a
// method expression wraps. A table of handlers stored in a package
// variable (chanflow resolves the calls through it) is not a use.
func (g *ended) scanRefs(instr ssa.Instruction) {
	var callee ssa.Value
	if c, ok := instr.(ssa.CallInstruction); ok {
		if _, isGo := c.(*ssa.Go); !isGo {
			callee = c.Common().Value
		}
	}
	if st, ok := instr.(*ssa.Store); ok && instr.Parent().Name() == "init" {
		if _, ok := st.Addr.(*ssa.IndexAddr); ok {
			return
		}
	}
	for _, op := range instr.Operands(nil) {
		if op == nil || *op == nil || *op == callee {
			continue
		}
		var fn *ssa.Function
		switch v := (*op).(type) {
		case *ssa.Function:
			fn = v
		case *ssa.MakeClosure:
			fn, _ = v.Fn.(*ssa.Function)
		}
		if fn == nil {
			continue
		}
		g.escapes[fn] = true
		if fn.Synthetic != "" {
			for _, b := range fn.Blocks {
				for _, x := range b.Instrs {
					if c, ok := x.(ssa.CallInstruction); ok {
						if w := c.Common().StaticCallee(); w != nil {
							g.escapes[w] = true
						}
					}
				}
			}
		}
	}
}

// after returns the functions whose end the call at [pos, end] in fn
// comes after on every path (see ended).
func (g *ended) after(fn *ssa.Function, pos, end token.Pos) []*ssa.Function {
	call := g.callIn(fn, pos, end)
	if call == nil {
		return nil
	}
	var out []*ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW || !blocks.Precedes(recv, call) {
				continue
			}
			if l := g.closer(g.cf.ChanOf(recv.X)); l != nil {
				out = append(out, l)
			}
		}
	}
	return out
}

// callIn returns the call instruction of fn within [pos, end].
func (g *ended) callIn(fn *ssa.Function, pos, end token.Pos) ssa.CallInstruction {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(ssa.CallInstruction); ok && pos <= c.Pos() && c.Pos() < end {
				return c
			}
		}
	}
	return nil
}

// closer returns the one function that closes c, in a deferred close,
// when nobody sends on c and nothing else closes it; else nil.
func (g *ended) closer(c *chanflow.Chan) *ssa.Function {
	if c == nil || c.Open {
		return nil
	}
	var l *ssa.Function
	for _, op := range c.Ops {
		switch op.Kind {
		case chanflow.Send:
			return nil
		case chanflow.Close:
			if _, ok := op.Instr.(*ssa.Defer); !ok || l != nil && l != op.Fn {
				return nil
			}
			l = op.Fn
		}
	}
	return l
}

// within reports whether every chain of calls that reaches fn goes
// through l.
func (g *ended) within(fn, l *ssa.Function) bool {
	seen := map[*ssa.Function]bool{fn: true}
	work := []*ssa.Function{fn}
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		if f == l {
			continue
		}
		if g.root(f) {
			return false
		}
		for _, c := range g.callers[f] {
			if !seen[c] {
				seen[c] = true
				work = append(work, c)
			}
		}
	}
	return seen[l]
}

// root reports whether f may be run other than by the package's calls
// that chanflow knows.
func (g *ended) root(f *ssa.Function) bool {
	if len(g.callers[f]) == 0 || g.started[f] || g.escapes[f] {
		return true
	}
	obj := f.Object()
	return obj != nil && obj.Exported()
}

// apart reports whether two of the cycle's edges of this package can
// never run at the same time: every site of one pair of locks runs after
// the end of a loop function within which every site of another runs.
// sites gives the package's edges of an edge's pair.
func (g *ended) apart(graph []Edge, cycle []int, imported int, sites func(Edge) []Edge) bool {
	for _, j := range cycle {
		if j < imported {
			continue
		}
		for _, l := range g.afterAll(sites(graph[j])) {
			for _, i := range cycle {
				if i != j && i >= imported && g.allWithin(sites(graph[i]), l) {
					return true
				}
			}
		}
	}
	return false
}

// afterAll returns the functions whose end every edge of es comes after.
func (g *ended) afterAll(es []Edge) []*ssa.Function {
	var out []*ssa.Function
	for k, e := range es {
		fn := g.prog.Func(e.fn.Node)
		if fn == nil {
			return nil
		}
		ls := g.after(fn, e.pos, e.end)
		if k == 0 {
			out = ls
		} else {
			out = slices.DeleteFunc(out, func(l *ssa.Function) bool { return !slices.Contains(ls, l) })
		}
		if len(out) == 0 {
			return nil
		}
	}
	return out
}

// allWithin reports whether every edge of es runs within l.
func (g *ended) allWithin(es []Edge, l *ssa.Function) bool {
	for _, e := range es {
		fn := g.prog.Func(e.fn.Node)
		if fn == nil || !g.within(fn, l) {
			return false
		}
	}
	return len(es) > 0
}

// sitesOf returns, for an edge, the package's edges (own) of its pair.
func sitesOf(own []Edge) func(Edge) []Edge {
	return func(e Edge) []Edge {
		var out []Edge
		for _, o := range own {
			if o.From == e.From && o.To == e.To {
				out = append(out, o)
			}
		}
		return out
	}
}
