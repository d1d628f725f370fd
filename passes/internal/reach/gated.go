package reach

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
)

// An option is what every direct site of a function waits behind: a
// bool parameter, or a bool field of a parameter passed by value
// (opts.disableInitialExecution), that must be true for the site to run
// (false, with off: a noWait parameter that returns early).
type option struct {
	param int        // the parameter's index
	field *types.Var // nil for the parameter itself
	off   bool       // the site runs only when the option is false
}

// passesZero reports whether the call e leaves off the option every
// direct site of its callee is behind: it passes false for the
// parameter, or a composite literal (or a local variable made of one and
// not changed) that does not set the field. retryWithBackoff(f,
// backoffOpts{attempts: n}), whose sleep runs only when
// opts.disableInitialExecution is set. For a parameter the sites need
// false (acquire(ctx, noWait), which returns before its wait when noWait
// is set), it passes true. The callee must call no function of the
// package that has a site.
func (r *Result) passesZero(e edge, callers map[*funcs.Func][]edge) bool {
	g := e.callee
	if g.Obj == nil || g.Body == nil {
		return false
	}
	opt, ok := r.optionOf(g)
	if !ok || opt.param >= len(e.call.Args) || r.waitsThroughCall(g, callers) {
		return false
	}
	if opt.off {
		tv := r.pass.TypesInfo.Types[e.call.Args[opt.param]]
		return tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
	}
	return r.leavesOff(e.caller, e.call.Args[opt.param], opt.field)
}

// optionOf returns the option every direct site of g is behind.
func (r *Result) optionOf(g *funcs.Func) (option, bool) {
	if o, ok := r.options[g]; ok {
		return o, o.param >= 0
	}
	if r.options == nil {
		r.options = make(map[*funcs.Func]option)
	}
	o, ok := r.optionOf0(g)
	if !ok {
		o.param = -1
	}
	r.options[g] = o
	return o, ok
}

func (r *Result) optionOf0(g *funcs.Func) (option, bool) {
	params := g.Obj.Type().(*types.Signature).Params()
	var found *option
	for _, s := range r.sites[g] {
		if s.Local {
			continue
		}
		o, ok := r.guard(g, s.Node, params)
		if !ok || found != nil && *found != o {
			return option{}, false
		}
		found = &o
	}
	if found == nil {
		return option{}, false
	}
	return *found, true
}

// guard returns the option an if around n (n in its body) requires true
// in one of the conjuncts of its condition, or false (!flag); or that an
// if before n in an enclosing block, whose body returns, requires false
// in one of the disjuncts of its condition (if noWait || ... { return
// }), or true (!flag).
func (r *Result) guard(g *funcs.Func, n ast.Node, params *types.Tuple) (option, bool) {
	info := r.pass.TypesInfo
	path, _ := astutil.PathEnclosingInterval(g.File, n.Pos(), n.End())
	for i, p := range path {
		if _, lit := p.(*ast.FuncLit); lit {
			return option{}, false
		}
		if blk, ok := p.(*ast.BlockStmt); ok && i > 0 {
			if o, ok := earlyReturn(info, blk, path[i-1], params); ok {
				return o, true
			}
		}
		iff, ok := p.(*ast.IfStmt)
		if !ok || i == 0 || path[i-1] != iff.Body {
			continue
		}
		for _, c := range conds.Conjuncts(iff.Cond) {
			if o, ok := optionIn(info, c, params); ok {
				return o, true
			}
		}
	}
	return option{}, false
}

// earlyReturn returns the option that an if statement of blk before the
// statement in, whose body ends in a return and which has no else,
// leaves for what follows: false for a disjunct that is a bool parameter,
// true for one that is its negation.
func earlyReturn(info *types.Info, blk *ast.BlockStmt, in ast.Node, params *types.Tuple) (option, bool) {
	for _, st := range blk.List {
		if st == in {
			break
		}
		iff, ok := st.(*ast.IfStmt)
		if !ok || iff.Else != nil || iff.Init != nil || len(iff.Body.List) == 0 {
			continue
		}
		if _, ret := iff.Body.List[len(iff.Body.List)-1].(*ast.ReturnStmt); !ret {
			continue
		}
		for _, d := range conds.Disjuncts(iff.Cond) {
			if o, ok := optionIn(info, d, params); ok && o.field == nil {
				o.off = !o.off
				return o, true
			}
		}
	}
	return option{}, false
}

// optionIn reads a conjunct as a bool parameter, or a bool field of a
// by-value struct parameter, or the negation of a bool parameter (off).
func optionIn(info *types.Info, e ast.Expr, params *types.Tuple) (option, bool) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.NOT {
		o, ok := optionIn(info, u.X, params)
		if !ok || o.field != nil || o.off {
			return option{}, false
		}
		o.off = true
		return o, true
	}
	var root *ast.Ident
	var field *types.Var
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		root = x
	case *ast.SelectorExpr:
		id, ok := ast.Unparen(x.X).(*ast.Ident)
		sel := info.Selections[x]
		if !ok || sel == nil || sel.Kind() != types.FieldVal || len(sel.Index()) != 1 {
			return option{}, false
		}
		if _, ptr := info.TypeOf(id).Underlying().(*types.Pointer); ptr {
			return option{}, false
		}
		root, field = id, sel.Obj().(*types.Var)
	default:
		return option{}, false
	}
	if b, ok := info.TypeOf(e).Underlying().(*types.Basic); !ok || b.Kind() != types.Bool {
		return option{}, false
	}
	v, _ := info.Uses[root].(*types.Var)
	for i := range params.Len() {
		if params.At(i) == v {
			return option{param: i, field: field}, true
		}
	}
	return option{}, false
}

// leavesOff reports whether arg, in caller, is false (field nil), or a
// value whose field is false: a composite literal that leaves it out or
// sets it to false, or a local variable of caller declared with one and
// never assigned or changed afterwards.
func (r *Result) leavesOff(caller *funcs.Func, arg ast.Expr, field *types.Var) bool {
	info := r.pass.TypesInfo
	if field == nil {
		tv := info.Types[arg]
		return tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
	}
	switch x := ast.Unparen(arg).(type) {
	case *ast.CompositeLit:
		return litLeavesOff(info, x, field)
	case *ast.Ident:
		v, _ := info.Uses[x].(*types.Var)
		if v == nil || caller.Body == nil {
			return false
		}
		var lit *ast.CompositeLit
		changed := false
		ast.Inspect(caller.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					base := lhs
					for {
						sel, ok := ast.Unparen(base).(*ast.SelectorExpr)
						if !ok {
							break
						}
						base = sel.X
					}
					id, ok := ast.Unparen(base).(*ast.Ident)
					if !ok {
						continue
					}
					if info.Defs[id] == v && n.Tok == token.DEFINE && len(n.Rhs) == len(n.Lhs) {
						lit, _ = ast.Unparen(n.Rhs[i]).(*ast.CompositeLit)
					} else if info.Uses[id] == v {
						changed = true
					}
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND && info.Uses[id] == v {
					changed = true
				}
			}
			return true
		})
		return lit != nil && !changed && litLeavesOff(info, lit, field)
	}
	return false
}

func litLeavesOff(info *types.Info, lit *ast.CompositeLit, field *types.Var) bool {
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			return false // positional: every field is set
		}
		if id, ok := kv.Key.(*ast.Ident); ok && info.Uses[id] == field {
			tv := info.Types[kv.Value]
			return tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value)
		}
	}
	return true
}
