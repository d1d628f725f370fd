package maywait

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
)

// A wait on a channel ends when another goroutine does the counterpart
// operation: a receive for a send, a send or close for a receive. A lock
// held across the wait deadlocks when every goroutine that could end it
// needs that lock first. The wakers of a channel operation are the
// classes of the locks that every function of the package doing a
// counterpart operation on the same channel (by class, see
// lockset.Result.Class) needs:
//
//   - the function may take the lock (itself or through helpers) before
//     its counterpart operation, on some path from its entry, loops
//     included: it may block on the lock before it can end the wait;
//   - on an unbuffered channel (or one whose buffer the package does not
//     show), that is enough: even a counterpart done under the lock
//     cannot pair with an operation that holds it;
//   - on a channel every make of which has a constant capacity, a
//     counterpart done with the lock held is a hand-off under the lock
//     (the value waits in the buffer): that lock does not count for it.
//
// No known counterpart, or one function that does not need any lock
// (a timer callback, a goroutine of another package, a ctx.Done()
// case), means no wakers: the wait is not reported. Precision first.
type counterparts struct {
	info  *types.Info
	locks *lockset.Result
	// For WaitGroup and errgroup waits, by the class of the group: the
	// Done calls (deferred ones count at the end of their function) and
	// the bodies started with the group's Go.
	dones    map[string]map[*funcs.Func][]ast.Node
	deferred map[ast.Node]bool
	bodies   map[string][]*funcs.Func
	senders  map[string]map[*funcs.Func][]ast.Node // sends and closes
	recvers  map[string]map[*funcs.Func][]ast.Node
	buffered map[string]bool // false: a make without constant capacity
}

func findCounterparts(pass *analysis.Pass, ix *funcs.Index, m *model.Model, locks *lockset.Result) *counterparts {
	c := &counterparts{
		info:     pass.TypesInfo,
		locks:    locks,
		dones:    make(map[string]map[*funcs.Func][]ast.Node),
		deferred: make(map[ast.Node]bool),
		bodies:   make(map[string][]*funcs.Func),
		senders:  make(map[string]map[*funcs.Func][]ast.Node),
		recvers:  make(map[string]map[*funcs.Func][]ast.Node),
		buffered: make(map[string]bool),
	}
	add := func(m map[string]map[*funcs.Func][]ast.Node, ch ast.Expr, fn *funcs.Func, op ast.Node) {
		k, ok := locks.Class(astutil.Unparen(ch))
		if !ok {
			return
		}
		if m[k] == nil {
			m[k] = make(map[*funcs.Func][]ast.Node)
		}
		m[k][fn] = append(m[k][fn], op)
	}
	made := func(lhs, rhs ast.Expr) {
		capacity, ok := makeChan(c.info, rhs)
		if !ok {
			return
		}
		if k, ok := locks.Class(astutil.Unparen(lhs)); ok {
			old, seen := c.buffered[k]
			c.buffered[k] = capacity > 0 && (old || !seen)
		}
	}
	// One walk over the files, knowing which function each node is in.
	var stack []ast.Node
	var fns []*funcs.Func
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			if n == nil {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				switch top.(type) {
				case *ast.FuncDecl, *ast.FuncLit:
					fns = fns[:len(fns)-1]
				}
				return true
			}
			stack = append(stack, n)
			var fn *funcs.Func
			if len(fns) > 0 {
				fn = fns[len(fns)-1]
			}
			switch n := n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				fns = append(fns, ix.Of(n))
			case *ast.CompositeLit: // &T{ch: make(chan int, 1)}
				c.madeInLiteral(n)
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i := range n.Lhs {
						made(n.Lhs[i], n.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i := range n.Names {
						made(n.Names[i], n.Values[i])
					}
				}
			}
			if fn == nil {
				return true
			}
			switch n := n.(type) {
			case *ast.SendStmt:
				add(c.senders, n.Chan, fn, n)
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					add(c.recvers, n.X, fn, n)
				}
			case *ast.RangeStmt:
				if _, ok := c.info.TypeOf(n.X).Underlying().(*types.Chan); ok {
					add(c.recvers, n.X, fn, n)
				}
			case *ast.DeferStmt:
				c.deferred[n.Call] = true
			case *ast.CallExpr:
				if b, ok := c.info.Uses[calleeIdent(n.Fun)].(*types.Builtin); ok && b.Name() == "close" && len(n.Args) == 1 {
					add(c.senders, n.Args[0], fn, n)
					return true
				}
				_, obj := ix.Callee(n)
				e, ok := m.Lookup(obj)
				if !ok {
					return true
				}
				switch {
				case e.Is(model.Wakes):
					if k, ok := locks.RecvClass(n); ok {
						if c.dones[k] == nil {
							c.dones[k] = make(map[*funcs.Func][]ast.Node)
						}
						c.dones[k][fn] = append(c.dones[k][fn], n)
					}
				case e.Is(model.Spawns) && e.Spawn == model.Goroutine && e.Body >= 0 && e.Body < len(n.Args):
					if k, ok := locks.RecvClass(n); ok {
						if body, _ := ix.Resolve(n.Args[e.Body]); body != nil {
							c.bodies[k] = append(c.bodies[k], body)
						}
					}
				}
			}
			return true
		})
	}
	return c
}

// madeInLiteral notes the channels a composite literal of a named struct
// type makes in its fields.
func (c *counterparts) madeInLiteral(lit *ast.CompositeLit) {
	tn := model.NamedOf(c.info.TypeOf(lit))
	if tn == nil || tn.Pkg() == nil {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		id, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		if capacity, ok := makeChan(c.info, kv.Value); ok {
			k := "(" + tn.Pkg().Path() + "." + tn.Name() + ")." + id.Name
			old, seen := c.buffered[k]
			c.buffered[k] = capacity > 0 && (old || !seen)
		}
	}
}

// wakers returns the classes of the locks that every goroutine that could
// end a channel operation's wait needs (for a select, any of its cases).
func (c *counterparts) wakers(n ast.Node) []string {
	var out []string
	first := true
	known := true
	meet := func(needs []string) {
		if first {
			out, first = slices.Clone(needs), false
			return
		}
		out = slices.DeleteFunc(out, func(k string) bool { return !slices.Contains(needs, k) })
	}
	wait := func(peers map[string]map[*funcs.Func][]ast.Node, ch ast.Expr) {
		k, ok := c.locks.Class(astutil.Unparen(ch))
		if !ok || len(peers[k]) == 0 {
			known = false
			return
		}
		for fn, ops := range peers[k] {
			meet(c.needs(fn, ops, c.buffered[k]))
		}
	}
	var op func(n ast.Node)
	op = func(n ast.Node) {
		switch n := n.(type) {
		case *ast.SendStmt:
			wait(c.recvers, n.Chan)
		case *ast.UnaryExpr:
			wait(c.senders, n.X)
		case *ast.RangeStmt:
			wait(c.senders, n.X)
		case *ast.ExprStmt:
			op(astutil.Unparen(n.X))
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				op(astutil.Unparen(n.Rhs[0]))
			}
		case *ast.SelectStmt:
			for _, comm := range model.SelectCases(n) {
				op(comm)
			}
		default:
			known = false
		}
	}
	op(n)
	if !known {
		return nil
	}
	slices.Sort(out)
	return out
}

// joinWakers returns the classes of the locks that every goroutine that
// could end a WaitGroup or errgroup wait needs: those that call Done on
// the same group (before the Done, or anywhere for a deferred Done), and
// the bodies started with its Go (anywhere).
func (c *counterparts) joinWakers(wait *ast.CallExpr) []string {
	k, ok := c.locks.RecvClass(wait)
	if !ok || len(c.dones[k])+len(c.bodies[k]) == 0 {
		return nil
	}
	var out []string
	first := true
	meet := func(needs []string) {
		if first {
			out, first = slices.Clone(needs), false
			return
		}
		out = slices.DeleteFunc(out, func(l string) bool { return !slices.Contains(needs, l) })
	}
	for fn, calls := range c.dones[k] {
		var needs []string
		for _, call := range calls {
			before := c.locks.TakenBefore(call)
			if c.deferred[call] {
				before = c.locks.Taken(fn)
			}
			for _, l := range before {
				if !slices.Contains(needs, l) {
					needs = append(needs, l)
				}
			}
		}
		meet(needs)
	}
	for _, body := range c.bodies[k] {
		meet(c.locks.Taken(body))
	}
	slices.Sort(out)
	return out
}

// needs returns the classes of the locks fn needs before it can do one of
// its counterpart operations ops: those it may take before the operation
// (on some path, loops included); on a buffered channel, not those it
// holds at the operation (a hand-off under the lock).
func (c *counterparts) needs(fn *funcs.Func, ops []ast.Node, buffered bool) []string {
	var needs []string
	for _, op := range ops {
		held := c.locks.HeldAt(op)
		for _, l := range c.locks.TakenBefore(op) {
			if slices.Contains(needs, l) {
				continue
			}
			if buffered && slices.ContainsFunc(held, func(h lockset.Lock) bool { return h.Class == l }) {
				continue
			}
			needs = append(needs, l)
		}
	}
	return needs
}
