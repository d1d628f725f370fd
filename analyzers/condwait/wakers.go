package condwait

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// A signalIndex answers whether a function, the functions it calls or
// those that call it Signal or Broadcast a Cond field.
type signalIndex struct {
	c       *checker
	direct  map[*funcs.Func]map[*types.Var]bool
	callees map[*funcs.Func][]*funcs.Func
	callers map[*funcs.Func][]*funcs.Func
	outer   map[*funcs.Func]*funcs.Func // a literal's enclosing function
	asValue map[*types.Func]bool        // used other than called: callers unknown
	down    map[*funcs.Func]map[*types.Var]bool
	// events are a function's signals and calls of local functions, in
	// order; sites are the calls of a function.
	events map[*funcs.Func][]sigEvent
	sites  map[*funcs.Func][]callSite
}

// A sigEvent is a Signal or Broadcast of cv, or a call of callee, at pos
// (deferred: run at the function's exit).
type sigEvent struct {
	pos      token.Pos
	deferred bool
	cv       *types.Var
	callee   *funcs.Func
}

type callSite struct {
	caller   *funcs.Func
	pos      token.Pos
	deferred bool // the call runs at the caller's exit
}

func (c *checker) newSignalIndex(signals []*ast.CallExpr) *signalIndex {
	s := &signalIndex{
		c:       c,
		direct:  make(map[*funcs.Func]map[*types.Var]bool),
		callees: make(map[*funcs.Func][]*funcs.Func),
		callers: make(map[*funcs.Func][]*funcs.Func),
		outer:   make(map[*funcs.Func]*funcs.Func),
		asValue: make(map[*types.Func]bool),
		down:    make(map[*funcs.Func]map[*types.Var]bool),
		events:  make(map[*funcs.Func][]sigEvent),
		sites:   make(map[*funcs.Func][]callSite),
	}
	isSignal := make(map[*ast.CallExpr]bool)
	for _, call := range signals {
		isSignal[call] = true
	}
	for _, fn := range c.ix.Funcs {
		s.index(fn, isSignal)
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if ok {
				// The callee expression is a use as a call. A function
				// handed to another package's function that does not run
				// it in place (context.AfterFunc(ctx, q.ShutDown), a
				// registry's OnStop) is called by code that cannot reach
				// the Cond: its callers are known not to signal.
				if !s.handsOut(call) {
					for _, a := range call.Args {
						s.markValue(a)
					}
				}
				return true
			}
			switch n := n.(type) {
			case *ast.AssignStmt:
				for _, r := range n.Rhs {
					s.markValue(r)
				}
			case *ast.CompositeLit:
				for _, e := range n.Elts {
					if kv, ok := e.(*ast.KeyValueExpr); ok {
						e = kv.Value
					}
					s.markValue(e)
				}
			case *ast.ReturnStmt:
				for _, r := range n.Results {
					s.markValue(r)
				}
			}
			return true
		})
	}
	return s
}

// index records fn's signals and calls of local functions.
func (s *signalIndex) index(fn *funcs.Func, isSignal map[*ast.CallExpr]bool) {
	c, info := s.c, s.c.pass.TypesInfo
	var deferred *ast.CallExpr
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if lit := c.ix.Of(n); lit != nil && lit != fn {
				s.outer[lit] = fn
			}
			return false
		case *ast.DeferStmt:
			deferred = n.Call
		case *ast.CallExpr:
			ev := sigEvent{pos: n.Pos(), deferred: n == deferred}
			if isSignal[n] {
				if v := condVar(info, n); v != nil {
					if s.direct[fn] == nil {
						s.direct[fn] = make(map[*types.Var]bool)
					}
					s.direct[fn][v] = true
					ev.cv = v
				}
			}
			if local, _ := c.ix.Callee(n); local != nil {
				s.callees[fn] = append(s.callees[fn], local)
				s.callers[local] = append(s.callers[local], fn)
				s.sites[local] = append(s.sites[local], callSite{fn, n.Pos(), n == deferred})
				ev.callee = local
			}
			if ev.cv != nil || ev.callee != nil {
				s.events[fn] = append(s.events[fn], ev)
			}
		}
		return true
	})
}

// handsOut reports whether call's callee is a function of another
// package that the model does not say runs its argument before it
// returns (sync.Once.Do does: its caller is the function's caller).
func (s *signalIndex) handsOut(call *ast.CallExpr) bool {
	local, obj := s.c.ix.Callee(call)
	if local != nil || obj == nil || obj.Pkg() == nil || obj.Pkg() == s.c.pass.Pkg {
		return false
	}
	if e, ok := s.c.m.Lookup(obj); ok && e.Is(model.Runs) {
		return false
	}
	return true
}

// markValue notes the function an expression names, used as a value.
func (s *signalIndex) markValue(e ast.Expr) {
	if _, obj := s.c.ix.Resolve(e); obj != nil {
		s.asValue[obj] = true
	}
}

// wakes reports whether fn, a function it calls, or one that calls it
// (up to up calls above) signals cv; or whether its callers are not all
// known.
func (s *signalIndex) wakes(fn *funcs.Func, cv *types.Var, up int) bool {
	if s.signalsDown(fn, cv, make(map[*funcs.Func]bool)) {
		return true
	}
	if fn.Obj != nil && s.asValue[fn.Obj.Origin()] {
		return true
	}
	if o := s.outer[fn]; o != nil {
		return s.wakes(o, cv, up)
	}
	return s.wakesUp(fn, cv, up)
}

// wakesUp reports whether some caller of fn (up to up calls above)
// signals cv after its call of fn: itself, by a function it calls next,
// or by a deferred call (a deferred call of fn runs after everything but
// the calls deferred before it). A signal before the call (an Add that signals,
// then a ShutDown that only sets the flag) wakes nobody for the change.
func (s *signalIndex) wakesUp(fn *funcs.Func, cv *types.Var, up int) bool {
	if up == 0 {
		return false
	}
	for _, site := range s.sites[fn] {
		g := site.caller
		for _, ev := range s.events[g] {
			// After the call: a call that comes later, or a deferred one;
			// after a deferred call, only a deferred call registered
			// before it (defers run last in, first out).
			if site.deferred && (!ev.deferred || ev.pos >= site.pos) || !site.deferred && !ev.deferred && ev.pos <= site.pos {
				continue
			}
			if ev.cv == cv || (ev.callee != nil && s.signalsDown(ev.callee, cv, make(map[*funcs.Func]bool))) {
				return true
			}
		}
		if g.Obj != nil && s.asValue[g.Obj.Origin()] {
			return true
		}
		if o := s.outer[g]; o != nil && s.wakes(o, cv, up-1) {
			return true
		}
		if s.wakesUp(g, cv, up-1) {
			return true
		}
	}
	return false
}

func (s *signalIndex) signalsDown(fn *funcs.Func, cv *types.Var, seen map[*funcs.Func]bool) bool {
	if seen[fn] {
		return false
	}
	seen[fn] = true
	if s.direct[fn][cv] {
		return true
	}
	for _, g := range s.callees[fn] {
		if s.signalsDown(g, cv, seen) {
			return true
		}
	}
	return false
}
