package condwait

import (
	"go/ast"
	"go/types"

	"github.com/asynclint/asynclint/passes/funcs"
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
	}
	isSignal := make(map[*ast.CallExpr]bool)
	for _, call := range signals {
		isSignal[call] = true
	}
	info := c.pass.TypesInfo
	for _, fn := range c.ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if lit := c.ix.Of(n); lit != nil && lit != fn {
					s.outer[lit] = fn
				}
				return false
			case *ast.CallExpr:
				if isSignal[n] {
					if v := condVar(info, n); v != nil {
						if s.direct[fn] == nil {
							s.direct[fn] = make(map[*types.Var]bool)
						}
						s.direct[fn][v] = true
					}
				}
				if local, _ := c.ix.Callee(n); local != nil {
					s.callees[fn] = append(s.callees[fn], local)
					s.callers[local] = append(s.callers[local], fn)
				}
			}
			return true
		})
	}
	for _, file := range c.pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if ok {
				// The callee expression is a use as a call.
				for _, a := range call.Args {
					s.markValue(a)
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
	if up == 0 {
		return false
	}
	for _, g := range s.callers[fn] {
		if s.wakes(g, cv, up-1) {
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
