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
type paramCond struct {
	index int // of the parameter, the receiver not counted
	op    token.Token
	val   constant.Value
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
				if pc := r.compare(fn, c, params, false); pc != nil {
					return pc
				}
			}
		case is.Else:
			if pc := r.compare(fn, is.Cond, params, true); pc != nil {
				return pc
			}
		}
	}
	return nil
}

// compare returns e, a comparison of a parameter with a constant
// (negated with not), as a paramCond; nil for anything else.
func (r *Result) compare(fn *funcs.Func, e ast.Expr, params map[types.Object]int, not bool) *paramCond {
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
	val := r.pass.TypesInfo.Types[y].Value
	if !ok || val == nil || r.ix.Reassigned(v) {
		return nil // a parameter the function assigns compares its own value
	}
	if not {
		op = conds.Negate(op)
	}
	return &paramCond{index: idx, op: op, val: val}
}

// failsAt reports whether call passes, for c's parameter, a constant
// that fails c.
func (r *Result) failsAt(call *ast.CallExpr, c *paramCond) bool {
	if c == nil || call.Ellipsis.IsValid() || c.index >= len(call.Args) {
		return false
	}
	if sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s := r.pass.TypesInfo.Selections[sel]; s != nil && s.Kind() == types.MethodExpr {
			return false // (*T).m(t, ...): the arguments start with the receiver
		}
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
