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
	c := &checker{
		pass:      pass,
		ix:        pass.ResultOf[funcs.Analyzer].(*funcs.Index),
		m:         pass.ResultOf[model.Analyzer].(*model.Model),
		nilOnly:   pass.ResultOf[tasks.Analyzer].(*tasks.Result).NilOnlyGroups(),
		cancelled: make(map[recvKey]token.Pos),
		joins:     make(map[recvKey][]*ast.CallExpr),
		joinAt:    make(map[*ast.CallExpr]int),
		dropped:   make(map[*ast.CallExpr]bool),
		stacks:    make(map[*ast.CallExpr][]ast.Node),
	}
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	// One walk of the calls, one callee lookup each: the cancels, and the
	// joins with their error result's index.
	ins.WithStack([]ast.Node{(*ast.CallExpr)(nil)}, c.call)
	// Then the statements that drop a join's error.
	filter := []ast.Node{(*ast.ExprStmt)(nil), (*ast.DeferStmt)(nil), (*ast.GoStmt)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil)}
	ins.WithStack(filter, c.stmt)
	for _, call := range c.candidates {
		if !c.checkedElsewhere(call, c.stacks[call]) {
			c.report(call)
		}
	}
	return nil, nil
}

type checker struct {
	pass    *analysis.Pass
	ix      *funcs.Index
	m       *model.Model
	nilOnly map[types.Object]bool // groups every goroutine of which returns nil

	// Cancelled handles: a join after t.Cancel() expects the error of a
	// cancelled task, and dropping it is the point (taskleak's doc says
	// so: cancel, then await to be sure the task is gone). By innermost
	// function and receiver, the first cancel.
	cancelled map[recvKey]token.Pos

	// Every join, by outermost function and receiver: a join whose error
	// is dropped while another join of the same receiver in the same
	// function has its error checked (g.Wait() in a goroutine that closes
	// the results channel, then if err := g.Wait() after the range) loses
	// nothing.
	joins  map[recvKey][]*ast.CallExpr
	joinAt map[*ast.CallExpr]int // the index of a join's error result

	dropped    map[*ast.CallExpr]bool       // joins whose error is dropped
	candidates []*ast.CallExpr              // those not after a cancel
	stacks     map[*ast.CallExpr][]ast.Node // their outermost function (see outerDecl)
}

// A recvKey is a function and a receiver, as written.
type recvKey struct {
	fn   ast.Node
	recv string
}

// call notes a join call or a cancel.
func (c *checker) call(n ast.Node, push bool, stack []ast.Node) bool {
	if !push {
		return true
	}
	call := n.(*ast.CallExpr)
	_, obj := c.ix.Callee(call)
	e, ok := c.m.Lookup(obj)
	switch {
	case !ok:
	case e.Is(model.Joins):
		if i := errAt(obj); i >= 0 {
			c.joinAt[call] = i
			if k, ok := keyOf(call, outerDecl(stack)); ok {
				c.joins[k] = append(c.joins[k], call)
			}
		}
	case e.Is(model.Cancels):
		if len(stack) >= 2 {
			if _, ok := stack[len(stack)-2].(*ast.DeferStmt); ok {
				return true // runs at exit, after any join
			}
		}
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			k := recvKey{funcs.Innermost(stack), types.ExprString(sel.X)}
			if p, ok := c.cancelled[k]; !ok || call.Pos() < p {
				c.cancelled[k] = call.Pos()
			}
		}
	}
	return true
}

// stmt notes the joins a statement drops the error of.
func (c *checker) stmt(n ast.Node, push bool, stack []ast.Node) bool {
	if !push {
		return true
	}
	drop := func(call *ast.CallExpr) { c.drop(call, stack) }
	switch n := n.(type) {
	case *ast.ExprStmt:
		if call, ok := ast.Unparen(n.X).(*ast.CallExpr); ok && c.joinErr(call) >= 0 {
			drop(call)
		}
	case *ast.DeferStmt:
		if c.joinErr(n.Call) >= 0 {
			drop(n.Call)
		}
	case *ast.GoStmt:
		if c.joinErr(n.Call) >= 0 {
			drop(n.Call)
		}
	case *ast.AssignStmt:
		if len(n.Rhs) == 1 {
			blankAt(n.Lhs, n.Rhs[0], c.joinErr, drop)
		}
	case *ast.ValueSpec:
		if len(n.Values) == 1 {
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			blankAt(lhs, n.Values[0], c.joinErr, drop)
		}
	}
	return true
}

// drop notes a join whose error is dropped; it is a candidate unless
// the task was cancelled before.
func (c *checker) drop(call *ast.CallExpr, stack []ast.Node) {
	c.dropped[call] = true
	if !c.afterCancel(call, stack) {
		c.candidates = append(c.candidates, call)
		c.stacks[call] = outerDecl(stack)
	}
}

// errAt returns the index of the error result of a join call, or -1.
func errAt(obj *types.Func) int {
	res := obj.Type().(*types.Signature).Results()
	if res.Len() == 0 || !types.Identical(res.At(res.Len()-1).Type(), types.Universe.Lookup("error").Type()) {
		return -1
	}
	return res.Len() - 1
}

// joinErr returns the index of the error result of a join call, or -1.
func (c *checker) joinErr(call *ast.CallExpr) int {
	if i, ok := c.joinAt[call]; ok {
		return i
	}
	return -1
}

// afterCancel reports whether the receiver of call was cancelled before
// it in the same function.
func (c *checker) afterCancel(call *ast.CallExpr, stack []ast.Node) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	p, ok := c.cancelled[recvKey{funcs.Innermost(stack), types.ExprString(sel.X)}]
	return ok && p < call.Pos()
}

// keyOf returns the key of a join call by the outermost function (stack,
// from outerDecl) and its receiver.
func keyOf(call *ast.CallExpr, stack []ast.Node) (recvKey, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || len(stack) == 0 {
		return recvKey{}, false
	}
	return recvKey{stack[0], types.ExprString(sel.X)}, true
}

// checkedElsewhere reports whether another join of the same receiver in
// the same outermost function has its error checked.
func (c *checker) checkedElsewhere(call *ast.CallExpr, stack []ast.Node) bool {
	k, ok := keyOf(call, outerDecl(stack))
	if !ok {
		return false
	}
	for _, other := range c.joins[k] {
		if other != call && !c.dropped[other] {
			return true
		}
	}
	return false
}

func (c *checker) report(call *ast.CallExpr) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if id, ok := ast.Unparen(sel.X).(*ast.Ident); ok && c.nilOnly[c.pass.TypesInfo.Uses[id]] {
			return // every goroutine of the group returns nil
		}
	}
	c.pass.ReportRangef(call, "error of %s is discarded: the task's failure or panic is lost", callName(c.pass, c.ix, call))
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
