package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// An owner of a cancel func: a package function starts work (a go
// statement, a spawn) and returns a value whose unexported field holds
// the cancel func of the work's context. The caller that holds the value
// is the only one who can stop the work; a return that neither uses the
// value nor hands it on leaves the work running forever. This is vet's
// lostcancel one value further: the search is the same, a path from the
// assignment to a return that does not use the variable.
func checkOwners(pass *analysis.Pass, ix *funcs.Index, m *model.Model, spawns *tasks.Result) {
	starters := make(map[*funcs.Func]bool)
	for _, s := range spawns.Spawns {
		if s.In != nil {
			starters[s.In] = true
		}
	}
	if len(starters) == 0 {
		return
	}
	graphs := flow.NewGraphs(pass.TypesInfo, ix, m)
	info := pass.TypesInfo
	for _, fn := range ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE || len(n.Lhs) < 1 || len(n.Rhs) != 1 {
					return true
				}
				call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
				if !ok {
					return true
				}
				callee, obj := ix.Callee(call)
				if callee == nil || !starters[callee] {
					return true
				}
				id, ok := n.Lhs[0].(*ast.Ident)
				if !ok {
					return true
				}
				v, _ := info.Defs[id].(*types.Var)
				field := cancelField(v)
				if field == nil {
					return true
				}
				var sig *types.Signature
				if fn.Obj != nil {
					sig = fn.Obj.Signature()
				} else {
					sig, _ = info.TypeOf(fn.Node.(*ast.FuncLit)).(*types.Signature)
				}
				ret := flow.UnusedPath(info, graphs.CFG(fn), v, n, sig, func(*ast.Ident, []ast.Node) bool { return true })
				if ret != nil && ret.Pos() != fn.Body.Rbrace && !failed(info, fn, callee, n, ret) {
					pass.Reportf(ret.Pos(), "this return drops %s without stopping it: %s started work whose context only %s.%s cancels, and nothing else holds it; stop %s first (or hand it on)",
						v.Name(), obj.Name(), types.TypeString(derefNamed(v.Type()), types.RelativeTo(pass.Pkg)), field.Name(), v.Name())
				}
			}
			return true
		})
	}
}

// cancelField returns the unexported cancel func field of the struct v
// points to (or is), or nil.
func cancelField(v *types.Var) *types.Var {
	if v == nil {
		return nil
	}
	st, ok := derefNamed(v.Type()).Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	for f := range st.Fields() {
		if !f.Exported() && model.IsCancelFunc(f.Type()) {
			return f
		}
	}
	return nil
}

func derefNamed(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return t
}

// failed reports whether ret, a return of fn, runs only when the call
// assigned by as failed (in the body of if err != nil, err its last
// result), and the callee returns a nil value with every error: on that
// path there is nothing to stop.
func failed(info *types.Info, fn, callee *funcs.Func, as *ast.AssignStmt, ret ast.Node) bool {
	errID, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok || len(as.Lhs) < 2 || !nilOnError(callee) {
		return false
	}
	errVar := info.ObjectOf(errID) // defined here, or reused by :=
	if errVar == nil {
		return false
	}
	path, _ := astutil.PathEnclosingInterval(fn.File, ret.Pos(), ret.Pos())
	for i, n := range path {
		ifs, ok := n.(*ast.IfStmt)
		if !ok || i == 0 || path[i-1] != ifs.Body {
			continue
		}
		if b, ok := ast.Unparen(ifs.Cond).(*ast.BinaryExpr); ok && b.Op == token.NEQ {
			if id, ok := ast.Unparen(b.X).(*ast.Ident); ok && info.Uses[id] == errVar && isNil(b.Y) {
				return true
			}
		}
	}
	return false
}

// nilOnError reports whether every return of fn gives nil for its first
// result or nil for its last (an error): no value with an error.
func nilOnError(fn *funcs.Func) bool {
	if fn.Body == nil || fn.Type.Results == nil || fn.Type.Results.NumFields() < 2 {
		return false
	}
	ok := true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if len(n.Results) < 2 || !isNil(n.Results[0]) && !isNil(n.Results[len(n.Results)-1]) {
				ok = false
			}
		}
		return ok
	})
	return ok
}

func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}
