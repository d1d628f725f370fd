package lockacq

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
)

// A paramCond is a comparison of a parameter with a constant that a
// lock, or the call that takes it, is under: func (c *Client) do(path
// string) { if path != "/version" && ... { c.checkAPIVersion() } }. A
// call passing a constant for the parameter that fails it
// (c.do("GET", "/version")) does not take the lock.
//
// A comparison with nil counts too (val is nil). Under if key == nil,
// the default-argument idiom (if c.Key == nil { return err }; key =
// c.Key; c.lockedHelper()) also needs a field of the receiver non-nil:
// set names it. A call passing that field of its own receiver
// (c.post(c.Key, ...)) cannot pass nil while the field is set: it does
// not take the lock.
type paramCond struct {
	index int // of the parameter, the receiver not counted
	op    token.Token
	val   constant.Value
	set   *types.Var // a field of the receiver that is not nil (see above)
}

// paramGuard returns a comparison of a parameter of fn with a constant
// that holds whenever n runs: a conjunct of the condition of an if whose
// body holds n, or the negation of the condition of one whose else
// holds it; nil if there is none.
func (r *Result) paramGuard(fn *funcs.Func, n ast.Node) *paramCond {
	if fn.Type == nil || fn.Type.Params == nil || fn.File == nil {
		return nil
	}
	params := make(map[types.Object]int)
	i := 0
	for _, f := range fn.Type.Params.List {
		if len(f.Names) == 0 {
			i++
		}
		for _, id := range f.Names {
			if v := r.pass.TypesInfo.Defs[id]; v != nil {
				params[v] = i
			}
			i++
		}
	}
	path, _ := astutil.PathEnclosingInterval(fn.File, n.Pos(), n.End())
	// In a loop, an assignment anywhere may come before the condition;
	// elsewhere, only one above it.
	loop := false
	for _, x := range path {
		if x == fn.Node {
			break
		}
		switch x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = true
		}
	}
	for k, x := range path {
		if x == fn.Node {
			break
		}
		is, ok := x.(*ast.IfStmt)
		if !ok || k == 0 {
			continue
		}
		switch path[k-1] {
		case is.Body:
			for _, c := range conds.Conjuncts(is.Cond) {
				if pc := r.compare(fn, c, params, false, loop); pc != nil {
					if pc.val == nil && pc.op == token.EQL && k >= 2 {
						pc.set = r.fieldSet(fn, is.Body, path[k-2])
					}
					return pc
				}
			}
		case is.Else:
			if pc := r.compare(fn, is.Cond, params, true, loop); pc != nil {
				return pc
			}
		}
	}
	return nil
}

// compare returns e, a comparison of a parameter with a constant
// (negated with not), as a paramCond; nil for anything else, or when the
// function may assign the parameter before e (anywhere, in a loop).
func (r *Result) compare(fn *funcs.Func, e ast.Expr, params map[types.Object]int, not, loop bool) *paramCond {
	b, ok := astutil.Unparen(e).(*ast.BinaryExpr)
	if !ok {
		return nil
	}
	op := b.Op
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return nil
	}
	x, y := b.X, b.Y
	if _, ok := astutil.Unparen(x).(*ast.Ident); !ok {
		x, y = y, x
		op = conds.Mirror(op)
	}
	id, ok := astutil.Unparen(x).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := r.pass.TypesInfo.Uses[id].(*types.Var)
	idx, ok := params[v]
	tv := r.pass.TypesInfo.Types[y]
	val := tv.Value
	if tv.IsNil() && (op == token.EQL || op == token.NEQ) {
		val = nil // compared with nil
	} else if val == nil {
		return nil
	}
	if !ok || loop && r.ix.Reassigned(v) || r.ix.ReassignedBefore(v, e.Pos()) {
		return nil // a parameter the function assigns compares its own value
	}
	if not {
		op = conds.Negate(op)
	}
	return &paramCond{index: idx, op: op, val: val}
}

// failsAt reports whether call passes, for c's parameter, a constant
// that fails c (for a comparison with nil: nil, a value that cannot be
// nil, or the receiver's field that c needs set).
func (r *Result) failsAt(call *ast.CallExpr, c *paramCond) bool {
	if c == nil || call.Ellipsis.IsValid() || c.index >= len(call.Args) {
		return false
	}
	sel, _ := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if sel != nil {
		if s := r.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return false // (*T).m(t, ...): the arguments start with the receiver
		}
	}
	if c.val == nil {
		return r.failsNil(sel, call.Args[c.index], c)
	}
	v := r.pass.TypesInfo.Types[call.Args[c.index]].Value
	if v == nil || v.Kind() != c.val.Kind() || v.Kind() == constant.Unknown {
		return false
	}
	if v.Kind() == constant.Bool && c.op != token.EQL && c.op != token.NEQ {
		return false
	}
	return !constant.Compare(v, c.op, c.val)
}

// failsNil is failsAt for a comparison with nil: arg, passed by a call
// whose function is sel (or nil), is nil where c needs it not to be,
// cannot be nil where c needs nil, or is recv.F of the call's receiver
// where c needs nil and F set.
func (r *Result) failsNil(sel *ast.SelectorExpr, arg ast.Expr, c *paramCond) bool {
	info := r.pass.TypesInfo
	arg = astutil.Unparen(arg)
	if info.Types[arg].IsNil() {
		return c.op == token.NEQ
	}
	if c.op != token.EQL {
		return false
	}
	switch a := arg.(type) {
	case *ast.CompositeLit, *ast.FuncLit:
		return true
	case *ast.UnaryExpr:
		return a.Op == token.AND
	case *ast.SelectorExpr:
		if c.set == nil || sel == nil || info.Uses[a.Sel] != c.set {
			return false
		}
		x, ok1 := astutil.Unparen(a.X).(*ast.Ident)
		recv, ok2 := astutil.Unparen(sel.X).(*ast.Ident)
		return ok1 && ok2 && info.Uses[x] != nil && info.Uses[x] == info.Uses[recv]
	}
	return false
}

// fieldSet returns the field F of fn's receiver that body, the body of
// an if whose condition needs a parameter nil, returns on when it is nil
// (if c.F == nil { return ... }) before stmt, the statement of body that
// holds the lock; nil if there is none, or fn assigns F.
func (r *Result) fieldSet(fn *funcs.Func, body *ast.BlockStmt, stmt ast.Node) *types.Var {
	recv := recvVar(r.pass.TypesInfo, fn)
	if recv == nil {
		return nil
	}
	for _, st := range body.List {
		if st == stmt {
			break
		}
		is, ok := st.(*ast.IfStmt)
		if !ok || is.Init != nil || is.Else != nil || len(is.Body.List) == 0 {
			continue
		}
		if _, ret := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt); !ret {
			continue
		}
		b, ok := astutil.Unparen(is.Cond).(*ast.BinaryExpr)
		if !ok || b.Op != token.EQL || !r.pass.TypesInfo.Types[b.Y].IsNil() {
			continue
		}
		f, ok := astutil.Unparen(b.X).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		x, ok := astutil.Unparen(f.X).(*ast.Ident)
		field, isVar := r.pass.TypesInfo.Uses[f.Sel].(*types.Var)
		if ok && isVar && field.IsField() && r.pass.TypesInfo.Uses[x] == recv && !r.assignsField(fn, field) {
			return field
		}
	}
	return nil
}

// assignsField reports whether fn assigns the field f anywhere.
func (r *Result) assignsField(fn *funcs.Func, f *types.Var) bool {
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if s, ok := astutil.Unparen(l).(*ast.SelectorExpr); ok && r.pass.TypesInfo.Uses[s.Sel] == f {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// recvVar returns fn's receiver variable, or nil.
func recvVar(info *types.Info, fn *funcs.Func) types.Object {
	decl, ok := fn.Node.(*ast.FuncDecl)
	if !ok || decl.Recv == nil || len(decl.Recv.List) == 0 || len(decl.Recv.List[0].Names) == 0 {
		return nil
	}
	return info.Defs[decl.Recv.List[0].Names[0]]
}

// passedCond returns c, the condition of a lock callee takes, as a
// condition on fn's own parameter when call passes that parameter
// straight on (and, for a condition on a receiver's field, on fn's own
// receiver): post(key) calls postNoRetry(key), which takes the lock
// only when key is nil.
func (r *Result) passedCond(fn *funcs.Func, call *ast.CallExpr, c *paramCond) *paramCond {
	if c == nil || call.Ellipsis.IsValid() || c.index >= len(call.Args) {
		return nil
	}
	id, ok := astutil.Unparen(call.Args[c.index]).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := r.pass.TypesInfo.Uses[id].(*types.Var)
	j := funcs.ParamIndex(r.pass.TypesInfo, fn.Type, v)
	if j < 0 || r.ix.Reassigned(v) {
		return nil
	}
	if c.set != nil {
		sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return nil
		}
		x, ok := astutil.Unparen(sel.X).(*ast.Ident)
		if !ok || r.pass.TypesInfo.Uses[x] == nil || r.pass.TypesInfo.Uses[x] != recvVar(r.pass.TypesInfo, fn) {
			return nil
		}
	}
	out := *c
	out.index = j
	return &out
}
