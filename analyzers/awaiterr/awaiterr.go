package awaiterr

import (
	_ "embed"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "awaiterr",
	Doc:      analysisdoc.Extract(doc, "awaiterr"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/awaiterr/doc.go",
	Requires: []*analysis.Analyzer{inspect.Analyzer, funcs.Analyzer, model.Analyzer, tasks.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	nilOnly := pass.ResultOf[tasks.Analyzer].(*tasks.Result).NilOnlyGroups()

	// errAt returns the index of the error result of a join call, or -1.
	errAt := func(obj *types.Func) int {
		res := obj.Type().(*types.Signature).Results()
		if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
			return -1
		}
		return res.Len() - 1
	}
	// Cancelled handles: a join after t.Cancel() expects the error of a
	// cancelled task, and dropping it is the point (taskleak's doc says
	// so: cancel, then await to be sure the task is gone).
	type cancelKey struct {
		fn   ast.Node
		recv string
	}
	cancelled := make(map[cancelKey]token.Pos)
	afterCancel := func(call *ast.CallExpr, stack []ast.Node) bool {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok {
			return false
		}
		p, ok := cancelled[cancelKey{funcs.Innermost(stack), types.ExprString(sel.X)}]
		return ok && p < call.Pos()
	}

	// Every join, by outermost function and receiver: a join whose error
	// is dropped while another join of the same receiver in the same
	// function has its error checked (g.Wait() in a goroutine that closes
	// the results channel, then if err := g.Wait() after the range) loses
	// nothing.
	type joinKey struct {
		fn   ast.Node
		recv string
	}
	joins := make(map[joinKey][]*ast.CallExpr)
	keyOf := func(call *ast.CallExpr, stack []ast.Node) (joinKey, bool) {
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || len(stack) == 0 {
			return joinKey{}, false
		}
		return joinKey{stack[0], types.ExprString(sel.X)}, true
	}
	// One walk of the calls, one callee lookup each: the cancels, and the
	// joins with their error result's index.
	joinAt := make(map[*ast.CallExpr]int)
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		call := n.(*ast.CallExpr)
		_, obj := ix.Callee(call)
		e, ok := m.Lookup(obj)
		switch {
		case !ok:
		case e.Is(model.Joins):
			if i := errAt(obj); i >= 0 {
				joinAt[call] = i
				if k, ok := keyOf(call, outerDecl(stack)); ok {
					joins[k] = append(joins[k], call)
				}
			}
		case e.Is(model.Cancels):
			if len(stack) >= 2 {
				if _, ok := stack[len(stack)-2].(*ast.DeferStmt); ok {
					return true // runs at exit, after any join
				}
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				k := cancelKey{funcs.Innermost(stack), types.ExprString(sel.X)}
				if p, ok := cancelled[k]; !ok || call.Pos() < p {
					cancelled[k] = call.Pos()
				}
			}
		}
		return true
	})
	// joinErr returns the index of the error result of a join call, or -1.
	joinErr := func(call *ast.CallExpr) int {
		if i, ok := joinAt[call]; ok {
			return i
		}
		return -1
	}
	dropped := make(map[*ast.CallExpr]bool)
	var candidates []*ast.CallExpr
	checkedElsewhere := func(call *ast.CallExpr, stack []ast.Node) bool {
		k, ok := keyOf(call, outerDecl(stack))
		if !ok {
			return false
		}
		for _, other := range joins[k] {
			if other != call && !dropped[other] {
				return true
			}
		}
		return false
	}

	report := func(call *ast.CallExpr) {
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && nilOnly[pass.TypesInfo.Uses[id]] {
				return // every goroutine of the group returns nil
			}
		}
		pass.ReportRangef(call, "error of %s is discarded: the task's failure or panic is lost", callName(pass, ix, call))
	}

	stacks := make(map[*ast.CallExpr][]ast.Node)
	filter := []ast.Node{(*ast.ExprStmt)(nil), (*ast.DeferStmt)(nil), (*ast.GoStmt)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	ins.WithStack(filter, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		drop := func(call *ast.CallExpr) {
			dropped[call] = true
			if !afterCancel(call, stack) {
				candidates = append(candidates, call)
				stacks[call] = outerDecl(stack)
			}
		}
		switch n := n.(type) {
		case *ast.ExprStmt:
			if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && joinErr(call) >= 0 {
				drop(call)
			}
		case *ast.DeferStmt:
			if joinErr(n.Call) >= 0 {
				drop(n.Call)
			}
		case *ast.GoStmt:
			if joinErr(n.Call) >= 0 {
				drop(n.Call)
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				blankAt(n.Lhs, n.Rhs[0], joinErr, drop)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 {
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				blankAt(lhs, n.Values[0], joinErr, drop)
			}
		}
		return true
	})
	for _, call := range candidates {
		if !checkedElsewhere(call, stacks[call]) {
			report(call)
		}
	}
	return nil, nil
}

// outerDecl returns, as a one-element stack of its own (the inspector
// reuses its stack), the outermost function the node is in.
func outerDecl(stack []ast.Node) []ast.Node {
	for _, n := range stack {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return []ast.Node{n}
		}
	}
	return nil
}

// blankAt reports rhs, a join call, when its error lands in a blank lhs.
func blankAt(lhs []ast.Expr, rhs ast.Expr, joinErr func(*ast.CallExpr) int, report func(*ast.CallExpr)) {
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok {
		return
	}
	i := joinErr(call)
	if i < 0 || i >= len(lhs) {
		return
	}
	if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
		report(call)
	}
}

// callName names the join for a message: as written ("t.Await") when that
// is short, else by the model ("(*runtime.Task).Await").
func callName(pass *analysis.Pass, ix *funcs.Index, call *ast.CallExpr) string {
	if s := types.ExprString(call.Fun); len(s) <= 32 && !strings.ContainsAny(s, "()") {
		return s
	}
	_, obj := ix.Callee(call)
	return model.Name(obj, pass.Pkg)
}
