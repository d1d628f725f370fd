package lockorder

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/refs"
)

// A callback registered with another package and run there under that
// package's lock (bus.Subscribe(s.onMsg); Publish holds b.mu and calls
// every subscriber) makes an edge from that lock to the locks the
// callback takes, which neither package sees alone: the bus does not
// know the callback, the subscriber does not know the lock. The package
// that runs the callbacks passes on a template edge, from the lock held
// at the call to "callback:" and the registering function's parameter
// ("callback:(*b.Bus).Subscribe#0"); the package that registers a
// function of its own there completes it with the locks that function
// takes.

const callbackPrefix = "callback:"

// templates returns this package's template edges: for each exported
// function that stores a func-valued parameter in a field or a package
// variable (or appends it to a slice there), the locks held at the calls
// of the functions stored there.
func templates(pass *analysis.Pass, ix *funcs.Index, locks *lockset.Result, cf *chanflow.Result) []Edge {
	if !mayRegister(pass.TypesInfo, ix) {
		return nil // the cheap gate, before any SSA
	}
	prog := cf.Program()
	regs := registrations(prog)
	if len(regs) == 0 {
		return nil
	}
	calls := make(map[token.Pos]*ast.CallExpr)
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if c, ok := n.(*ast.CallExpr); ok {
				calls[c.Lparen] = c
			}
			return true
		})
	}
	// The calls of each field's functions, with the locks held there.
	sites := make(map[string][]cbCall)
	var classes []string
	for _, fn := range prog.Funcs {
		owner := ix.Of(fn.Syntax())
		if owner == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				c, ok := instr.(*ssa.Call)
				if !ok || c.Call.IsInvoke() || c.Call.StaticCallee() != nil {
					continue
				}
				class := prog.Of(c.Call.Value).Class
				if call := calls[c.Pos()]; len(regs[class]) > 0 && call != nil {
					if sites[class] == nil {
						classes = append(classes, class)
					}
					sites[class] = append(sites[class], cbCall{call, owner, locks.HeldAt(call)})
				}
			}
		}
	}
	// A lock held at every such call (the same rule as a callback passed
	// to a package function: CallbackHolds); one held at some only
	// depends on which call runs the callback (nats.go's removeSub runs
	// the closed handler of a sync subscription under its lock, an async
	// one's after the unlock).
	var out []Edge
	for _, class := range classes {
		ss := sites[class]
		first := ss[0]
		for _, h := range first.held {
			if h.Order == "" || !allHold(ss[1:], h.Order) {
				continue
			}
			for _, k := range regs[class] {
				out = append(out, Edge{From: h.Order, FromMode: h.Mode, To: callbackPrefix + k,
					Func: funcName(first.owner), FromName: h.Name, FromPos: pos(pass, h.Pos),
					ToName: "the callback", ToPos: pos(pass, first.call.Pos()), pos: first.call.Pos(), end: first.call.End(), fn: first.owner})
			}
		}
	}
	return out
}

// mayRegister reports whether some exported function of the package
// assigns a func-valued parameter to a field or a package variable,
// appends it to one, or sets one with it in a literal (s.f = f, s.fs =
// append(s.fs, f), hooks = append(hooks, f), &T{f: f}): the syntax of a
// registration.
func mayRegister(info *types.Info, ix *funcs.Index) bool {
	for _, fn := range ix.Funcs {
		decl, ok := fn.Node.(*ast.FuncDecl)
		if !ok || fn.Body == nil || !decl.Name.IsExported() {
			continue
		}
		params := make(map[types.Object]bool)
		for _, f := range decl.Type.Params.List {
			for _, name := range f.Names {
				if obj := info.Defs[name]; obj != nil {
					if _, ok := obj.Type().Underlying().(*types.Signature); ok {
						params[obj] = true
					}
				}
			}
		}
		if len(params) == 0 {
			continue
		}
		found := false
		mentions := func(e ast.Expr) {
			ast.Inspect(e, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && params[info.Uses[id]] {
					found = true
				}
				return !found
			})
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					if i < len(n.Rhs) && (isSelector(lhs) || pkgVar(info, lhs)) {
						mentions(n.Rhs[i])
					}
				}
			case *ast.KeyValueExpr: // &T{f: f}
				mentions(n.Value)
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func isSelector(e ast.Expr) bool {
	_, ok := ast.Unparen(e).(*ast.SelectorExpr)
	return ok
}

// pkgVar reports whether e names a package-level variable (a registry of
// hooks kept by the package rather than by a value).
func pkgVar(info *types.Info, e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	v, ok := info.Uses[id].(*types.Var)
	return ok && v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}

// A cbCall is a call of a stored callback, with the locks held there.
type cbCall struct {
	call  *ast.CallExpr
	owner *funcs.Func
	held  []lockset.Lock
}

// allHold reports whether a lock of class order is held at every call.
func allHold(calls []cbCall, order string) bool {
	for _, c := range calls {
		if !slices.ContainsFunc(c.held, func(h lockset.Lock) bool { return h.Order == order }) {
			return false
		}
	}
	return true
}

// registrations maps the class of a func-valued field or package
// variable ("(b.Bus).subs[]" for the elements of a slice, "p.hooks[]")
// to the exported functions' parameters stored in it
// ("(*b.Bus).Subscribe#0").
func registrations(prog *refs.Program) map[string][]string {
	out := make(map[string][]string)
	for _, fn := range prog.Funcs {
		obj, _ := fn.Object().(*types.Func)
		if obj == nil || !obj.Exported() || fn.Parent() != nil {
			continue
		}
		shift := 0
		if fn.Signature.Recv() != nil {
			shift = 1
		}
		for i, p := range fn.Params {
			if _, ok := p.Type().Underlying().(*types.Signature); !ok || i < shift {
				continue
			}
			key := obj.FullName() + "#" + strconv.Itoa(i-shift)
			for _, class := range storedIn(prog, p) {
				out[class] = append(out[class], key)
			}
		}
	}
	return out
}

// storedIn returns the classes of the fields and package variables p is
// stored in by its function, directly or appended to a slice there
// (s.subs = append(s.subs, f): "(T).subs[]").
func storedIn(prog *refs.Program, p *ssa.Parameter) []string {
	var out []string
	for _, b := range p.Parent().Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			class := prog.Of(st.Addr).Class
			switch {
			case class == "":
			case st.Val == p:
				out = append(out, class)
			case slices.Contains(chanflow.Appended(st.Val), ssa.Value(p)):
				out = append(out, class+"[]")
			}
		}
	}
	return out
}

// instantiate completes the imported template edges at this package's
// registrations: a call of the registering function that passes one of
// this package's functions makes an edge from the template's lock to
// each lock that function may take.
func instantiate(pass *analysis.Pass, ix *funcs.Index, acq *lockacq.Result, imported []Edge) []Edge {
	byTo := make(map[string][]Edge)
	for _, e := range imported {
		if strings.HasPrefix(e.To, callbackPrefix) {
			byTo[e.To] = append(byTo[e.To], e)
		}
	}
	if len(byTo) == 0 {
		return nil
	}
	var out []Edge
	for _, fn := range ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			if lit, ok := n.(*ast.FuncLit); ok && lit != fn.Node {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			_, obj := ix.Callee(call)
			if obj == nil || obj.Pkg() == pass.Pkg {
				return true
			}
			for i, arg := range call.Args {
				ts := byTo[callbackPrefix+obj.FullName()+"#"+strconv.Itoa(i)]
				if len(ts) == 0 {
					continue
				}
				g, _ := ix.Resolve(arg)
				if g == nil {
					continue
				}
				for _, a := range acq.Of(g) {
					if a.Guarded || len(a.Chain) == 0 || len(a.Chain) > maxVia {
						continue
					}
					last := a.Chain[len(a.Chain)-1]
					via := "by calling " + types.ExprString(arg) + ", registered at " + pos(pass, call.Pos()) + describeFrom(a.Chain)
					for _, t := range ts {
						if t.From == a.Class {
							continue
						}
						e := t
						e.To, e.ToMode, e.ToName, e.ToPos, e.Via = a.Class, a.Ref.Mode, last.Name, last.Pos, via
						e.pos, e.end, e.fn = call.Pos(), call.End(), fn
						e.test = testRoot(pass, ix, fn)
						out = append(out, e)
					}
				}
			}
			return true
		})
	}
	return out
}

// describeFrom continues a message's chain with the steps of a
// callback's own: ", which calls s.flush at a.go:20, which locks s.mu at
// a.go:31".
func describeFrom(chain []lockacq.Step) string {
	var sb strings.Builder
	for _, s := range chain {
		if s.Lock {
			verb := "locks "
			if s.Mode == model.Shared {
				verb = "read-locks "
			}
			sb.WriteString(", which " + verb + s.Name + " at " + s.Pos)
		} else {
			sb.WriteString(", which calls " + s.Name + " at " + s.Pos)
		}
	}
	return sb.String()
}
