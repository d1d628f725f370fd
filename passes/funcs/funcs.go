// Package funcs indexes a package's functions (declarations and literals)
// and resolves function-valued expressions to them, so that the passes
// agree on what "the function a call runs" is.
//
// An expression resolves when it is a function literal, a named function,
// a method value or expression, or a local variable initialised with a
// function literal or a method value (inc := c.Inc, c a variable never
// assigned again) and never assigned again. Anything else (a parameter,
// a field, a variable assigned twice) does not resolve: the passes treat it
// as unknown.
package funcs

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// Func is a function of the package: a declaration or a literal.
type Func struct {
	Node ast.Node // *ast.FuncDecl or *ast.FuncLit
	// Obj is the declared function or method; nil for a literal.
	Obj  *types.Func
	Type *ast.FuncType
	Body *ast.BlockStmt // nil for a declaration without body
	File *ast.File
}

// Index is the package's functions.
type Index struct {
	// Funcs lists every function with a body, in source order.
	Funcs    []*Func
	byNode   map[ast.Node]*Func
	byObj    map[*types.Func]*Func
	closures map[*types.Var]*Func
	// bound maps a local variable that holds a method value to it:
	// inc := c.Inc; inc() calls c.Inc.
	bound map[*types.Var]*ast.SelectorExpr
	// inits maps a local variable set once, where it is declared, and
	// whose address is never taken, to its value.
	inits map[*types.Var]ast.Expr
	// reassigned are the variables assigned after their declaration
	// (=, a range with =, or through a pointer: &v), parameters included,
	// with the position of the first such assignment.
	reassigned map[*types.Var]token.Pos
	info       *types.Info
	// callees are Callee's answers for every call of the package's
	// files, computed once: the passes ask again and again.
	callees map[*ast.CallExpr]callee
}

type callee struct {
	local *Func
	obj   *types.Func
}

var Analyzer = &analysis.Analyzer{
	Name:       "funcs",
	Doc:        "index a package's functions and resolve function-valued expressions",
	Run:        run,
	ResultType: reflect.TypeFor[*Index](),
}

func run(pass *analysis.Pass) (any, error) {
	ix := &Index{
		byNode:   make(map[ast.Node]*Func),
		byObj:    make(map[*types.Func]*Func),
		closures: make(map[*types.Var]*Func),
		bound:    make(map[*types.Var]*ast.SelectorExpr),
		inits:    make(map[*types.Var]ast.Expr),
		info:     pass.TypesInfo,

		reassigned: make(map[*types.Var]token.Pos),
	}
	assigned := make(map[*types.Var]int)
	var calls []*ast.CallExpr
	for _, file := range pass.Files {
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				calls = append(calls, n)
			case *ast.FuncDecl:
				obj, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
				f := &Func{Node: n, Obj: obj, Type: n.Type, Body: n.Body, File: file}
				if obj != nil {
					ix.byObj[obj] = f
				}
				if n.Body != nil {
					ix.add(f)
				}
			case *ast.FuncLit:
				ix.add(&Func{Node: n, Type: n.Type, Body: n.Body, File: file})
			default:
				ix.noteAssign(pass, n, assigned)
			}
			return true
		})
	}
	ix.keepSetOnce(pass, assigned)
	ix.callees = make(map[*ast.CallExpr]callee, len(calls))
	for _, call := range calls {
		local, obj := ix.Resolve(call.Fun)
		ix.callees[call] = callee{local, obj}
	}
	return ix, nil
}

// noteAssign counts the assignments n makes to local variables
// (assigned; twice for a range with = and a taken address), records
// initial values (initial) and the variables assigned after their
// declaration (reassigned).
func (ix *Index) noteAssign(pass *analysis.Pass, n ast.Node, assigned map[*types.Var]int) {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, lhs := range n.Lhs {
			v := LocalVar(pass.TypesInfo, lhs)
			if v == nil {
				continue
			}
			assigned[v]++
			if id, _ := astutil.Unparen(lhs).(*ast.Ident); id != nil && pass.TypesInfo.Defs[id] == nil {
				ix.noteReassigned(v, n.Pos()) // not its declaration
			}
			if len(n.Lhs) == len(n.Rhs) {
				ix.initial(v, n.Rhs[i])
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			v, _ := pass.TypesInfo.Defs[name].(*types.Var)
			if v == nil {
				continue
			}
			assigned[v]++
			if i < len(n.Values) && len(n.Names) == len(n.Values) {
				ix.initial(v, n.Values[i])
			}
		}
	case *ast.RangeStmt:
		if n.Tok == token.ASSIGN {
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if v := LocalVar(pass.TypesInfo, e); v != nil {
					assigned[v] += 2
					ix.noteReassigned(v, n.Pos())
				}
			}
		}
	case *ast.UnaryExpr:
		// &f lets anyone assign f: not a known closure.
		if v := LocalVar(pass.TypesInfo, n.X); v != nil && n.Op == token.AND {
			assigned[v] += 2
			ix.noteReassigned(v, n.Pos())
		}
	}
}

// keepSetOnce keeps, of the closures, method values and initial values
// recorded, those of local variables assigned once (assigned counts
// the assignments, and twice a taken address).
func (ix *Index) keepSetOnce(pass *analysis.Pass, assigned map[*types.Var]int) {
	for v, f := range ix.closures {
		if assigned[v] != 1 || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			delete(ix.closures, v)
			continue
		}
		ix.closures[v] = ix.byNode[f.Node]
	}
	for v := range ix.inits {
		if assigned[v] != 1 || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			delete(ix.inits, v)
		}
	}
	for v, sel := range ix.bound {
		// The receiver is evaluated when the method value is made: it
		// is the variable's value at the call only if neither changes.
		x := LocalVar(pass.TypesInfo, sel.X)
		if assigned[v] != 1 || x == nil || assigned[x] > 1 || v.Parent() == nil || v.Parent() == v.Pkg().Scope() {
			delete(ix.bound, v)
		}
	}
}

// initial records what a variable is initialised with, when it is a
// function literal or a method value.
func (ix *Index) initial(v *types.Var, e ast.Expr) {
	ix.inits[v] = e
	switch e := astutil.Unparen(e).(type) {
	case *ast.FuncLit:
		ix.closures[v] = &Func{Node: e} // resolved in run
	case *ast.SelectorExpr:
		if s := ix.info.Selections[e]; s != nil && s.Kind() == types.MethodVal {
			ix.bound[v] = e
		}
	}
}

// Reassigned reports whether v, a local variable or a parameter, is
// assigned after its declaration: with =, by a range with =, or through
// its address. A parameter that is not compares its caller's value.
func (ix *Index) Reassigned(v types.Object) bool {
	u, _ := v.(*types.Var)
	_, ok := ix.reassigned[u]
	return u != nil && ok
}

// ReassignedBefore reports whether v is assigned after its declaration
// somewhere before pos in the source (see Reassigned): in code that is
// not in a loop, its value at pos is still the one it was declared with.
func (ix *Index) ReassignedBefore(v types.Object, pos token.Pos) bool {
	u, _ := v.(*types.Var)
	first, ok := ix.reassigned[u]
	return u != nil && ok && first < pos
}

func (ix *Index) noteReassigned(v *types.Var, pos token.Pos) {
	if first, ok := ix.reassigned[v]; !ok || pos < first {
		ix.reassigned[v] = pos
	}
}

// Init returns the value a local variable is set to where it is
// declared, when that is its only assignment and its address is never
// taken (w := new(mockWriter)), or nil.
func (ix *Index) Init(v *types.Var) ast.Expr { return ix.inits[v] }

// Bound returns the method value a call's function is held in a local
// variable as (inc := c.Inc; inc()), or nil: the receiver of the call is
// its X.
func (ix *Index) Bound(call *ast.CallExpr) *ast.SelectorExpr {
	if ix == nil {
		return nil
	}
	id, ok := astutil.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := ix.info.Uses[id].(*types.Var)
	return ix.bound[v]
}

func (ix *Index) add(f *Func) {
	ix.Funcs = append(ix.Funcs, f)
	ix.byNode[f.Node] = f
}

// LocalVar returns the variable (not a field) an identifier names, or nil.
func LocalVar(info *types.Info, e ast.Expr) *types.Var {
	id, ok := astutil.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	v, _ := info.ObjectOf(id).(*types.Var)
	if v == nil || v.IsField() {
		return nil
	}
	return v
}

// Of returns the function a node (*ast.FuncDecl or *ast.FuncLit) is.
func (ix *Index) Of(n ast.Node) *Func { return ix.byNode[n] }

// Decl returns the package's declaration of obj, or nil.
func (ix *Index) Decl(obj *types.Func) *Func {
	if obj == nil {
		return nil
	}
	return ix.byObj[obj.Origin()]
}

// Resolve returns what a function-valued expression certainly is: a
// function of this package (local, possibly nil for another package's)
// and the named function or method (obj, nil for a literal).
func (ix *Index) Resolve(e ast.Expr) (local *Func, obj *types.Func) {
	e = astutil.Unparen(e)
	if lit, ok := e.(*ast.FuncLit); ok {
		return ix.byNode[lit], nil
	}
	if ix2, ok := e.(*ast.IndexExpr); ok { // f[T]
		e = ix2.X
	} else if ix2, ok := e.(*ast.IndexListExpr); ok {
		e = ix2.X
	}
	var id *ast.Ident
	switch x := e.(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return nil, nil
	}
	switch o := ix.info.Uses[id].(type) {
	case *types.Func:
		// An interface method has no declaration: byObj has no entry.
		o = o.Origin()
		return ix.byObj[o], o
	case *types.Var:
		if sel := ix.bound[o]; sel != nil {
			return ix.Resolve(sel)
		}
		return ix.closures[o], nil
	}
	return nil, nil
}

// Callee returns what a call calls: a function of this package (local) and
// the named function or method (obj; for an interface method, the
// abstract method). Both are nil for an unknown function value, a
// conversion or a builtin.
//
// Resolve answers it alone: the identifier of a conversion's type names
// a *types.TypeName and a builtin's a *types.Builtin, neither of which
// resolves. The answers for the package's calls are computed once, by
// run.
func (ix *Index) Callee(call *ast.CallExpr) (local *Func, obj *types.Func) {
	if c, ok := ix.callees[call]; ok {
		return c.local, c.obj
	}
	return ix.Resolve(call.Fun)
}

func isInterfaceMethod(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && types.IsInterface(recv.Type())
}

// IsInterfaceMethod reports whether fn is an interface's abstract method,
// whose callee is not known statically.
func IsInterfaceMethod(fn *types.Func) bool { return isInterfaceMethod(fn) }

// Innermost returns the innermost function declaration or literal of an
// inspector's stack of enclosing nodes, or nil.
func Innermost(stack []ast.Node) ast.Node {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return stack[i]
		}
	}
	return nil
}

// Imports reports whether pkg imports path directly: the cheap gate of a
// check that only matters where a package is used.
func Imports(pkg *types.Package, path string) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == path {
			return true
		}
	}
	return false
}

// IsTest reports whether fn is a test: func TestX(t *testing.T), declared
// in a _test.go file. The testing package runs it on one goroutine of its
// own, once, and alone among the package's tests unless it calls
// t.Parallel.
func IsTest(fset *token.FileSet, fn *types.Func) bool {
	return TestKind(fset, fn) == "Test"
}

// TestKind returns what the testing package runs fn as, "Test",
// "Benchmark", "Fuzz" or "Example", or "" when it does not: a function of
// a _test.go file with that prefix and the matching signature
// (*testing.T, *testing.B, *testing.F, or none).
func TestKind(fset *token.FileSet, fn *types.Func) string {
	if fn == nil || !strings.HasSuffix(fset.Position(fn.Pos()).Filename, "_test.go") {
		return ""
	}
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil || sig.Results().Len() != 0 {
		return ""
	}
	for _, k := range [...]struct{ prefix, param string }{{"Test", "T"}, {"Benchmark", "B"}, {"Fuzz", "F"}, {"Example", ""}} {
		if !strings.HasPrefix(fn.Name(), k.prefix) {
			continue
		}
		if k.param == "" {
			if sig.Params().Len() == 0 {
				return k.prefix
			}
			continue
		}
		if sig.Params().Len() != 1 {
			continue
		}
		p, ok := sig.Params().At(0).Type().(*types.Pointer)
		if !ok {
			continue
		}
		n, ok := p.Elem().(*types.Named)
		if ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == k.param {
			return k.prefix
		}
	}
	return ""
}

// ParamIndex returns the index of v among the parameters of ft (a
// receiver not counted), or -1.
func ParamIndex(info *types.Info, ft *ast.FuncType, v types.Object) int {
	if v == nil || ft == nil || ft.Params == nil {
		return -1
	}
	i := 0
	for _, f := range ft.Params.List {
		if len(f.Names) == 0 {
			i++
		}
		for _, name := range f.Names {
			if info.Defs[name] == v {
				return i
			}
			i++
		}
	}
	return -1
}
