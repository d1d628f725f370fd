package nocancel

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"

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
				if ret != nil && ret.Pos() != fn.Body.Rbrace {
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
