// Package tasks finds the places where a package starts concurrent work
// and the function each one runs: runtime tasks (Spawn, JoinSet.Spawn,
// Runtime.Run, Timeout), blocking-pool work (SpawnBlocking), BlockInPlace
// bodies, and plain goroutines (go statements, errgroup.Group.Go,
// sync.WaitGroup.Go). Which call spawns what is the model's knowledge;
// what a function-valued argument is, is passes/funcs'.
//
// A body held in a parameter, a field or a reassigned variable does not
// resolve (Body and BodyObj are nil): the checks stay silent on it.
package tasks

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
)

// Spawn is one place that starts concurrent work.
type Spawn struct {
	// Call is the spawning call, or the call of a go statement.
	Call *ast.CallExpr
	// Go is the go statement, if this is one.
	Go *ast.GoStmt
	// Kind says where the body runs.
	Kind model.SpawnKind
	// Callee is the spawning function (nil for a go statement).
	Callee *types.Func
	// Body is the package's function the work runs, if it is one.
	Body *funcs.Func
	// BodyObj is the named function or method the work runs, if any; it
	// may belong to another package.
	BodyObj *types.Func
	// In is the function the spawn is in.
	In *funcs.Func
}

// Pos returns the position of the spawn.
func (s *Spawn) Pos() token.Pos {
	if s.Go != nil {
		return s.Go.Go
	}
	return s.Call.Lparen
}

// Result lists the package's spawn sites in source order.
type Result struct {
	Spawns []*Spawn

	info       *types.Info
	nilOnly    func() map[types.Object]bool // computed once, for every check that asks
	ifaceNames func() map[string]bool       // interfaceNames, once
}

var Analyzer = &analysis.Analyzer{
	Name:       "tasks",
	Doc:        "find where a package spawns tasks and goroutines, and the functions they run",
	Run:        run,
	Requires:   []*analysis.Analyzer{funcs.Analyzer, model.Analyzer},
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	res := &Result{info: pass.TypesInfo}
	res.nilOnly = sync.OnceValue(res.computeNilOnly)
	res.ifaceNames = sync.OnceValue(res.interfaceNames)
	for _, fn := range ix.Funcs {
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.GoStmt:
				body, obj := ix.Resolve(n.Call.Fun)
				res.Spawns = append(res.Spawns, &Spawn{Call: n.Call, Go: n, Kind: model.Goroutine, Body: body, BodyObj: obj, In: fn})
			case *ast.CallExpr:
				_, obj := ix.Callee(n)
				e, ok := m.Lookup(obj)
				if !ok || !e.Is(model.Spawns) || e.Body < 0 || e.Body >= len(n.Args) {
					return true
				}
				body, bobj := ix.Resolve(n.Args[e.Body])
				res.Spawns = append(res.Spawns, &Spawn{Call: n, Kind: e.Spawn, Callee: obj, Body: body, BodyObj: bobj, In: fn})
			}
			return true
		})
	}
	return res, nil
}

// OnlyBody returns the spawn that starts fn, if fn runs only as a
// goroutine or task body: a literal started by go (or a spawning call),
// or an unexported function or method every use of which is such a
// start (a method not named by an interface of the package, which could
// run it otherwise). Nothing calls it: what it holds when it returns,
// no caller gets.
func (res *Result) OnlyBody(fn *funcs.Func) *Spawn {
	var found *Spawn
	n := 0
	for _, s := range res.Spawns {
		if s.Body == fn {
			found = s
			n++
		}
	}
	if found == nil {
		return nil
	}
	if _, lit := fn.Node.(*ast.FuncLit); lit {
		return found
	}
	if fn.Obj == nil || fn.Obj.Exported() {
		return nil
	}
	if fn.Obj.Signature().Recv() != nil && res.interfaceMethod(fn.Obj.Name()) {
		return nil
	}
	uses := 0
	for _, obj := range res.info.Uses {
		if obj == fn.Obj {
			uses++
		}
	}
	if uses != n {
		return nil
	}
	return found
}

// interfaceMethod reports whether an interface type the package uses
// has a method named name.
func (res *Result) interfaceMethod(name string) bool { return res.ifaceNames()[name] }

// interfaceNames returns the names of the methods of the interface types
// the package uses.
func (res *Result) interfaceNames() map[string]bool {
	out := make(map[string]bool)
	for _, tv := range res.info.Types {
		if it, ok := tv.Type.(*types.Interface); ok {
			for m := range it.Methods() {
				out[m.Name()] = true
			}
		}
	}
	return out
}

// NilOnlyGroups returns the plain-Go groups (errgroup.Group variables)
// every function spawned into which, in this package, is a literal whose
// every return statement returns nil, or the error it has just sent on a
// channel (errc <- err; return err: the error is seen there). Such a group is a WaitGroup with a
// limit: its Wait cannot fail, and dropping its error loses nothing. A
// runtime join is never such: its error also carries the task's panic.
//
// The map is computed once per package and shared: do not modify it.
func (res *Result) NilOnlyGroups() map[types.Object]bool { return res.nilOnly() }

func (res *Result) computeNilOnly() map[types.Object]bool {
	info := res.info
	groups := make(map[types.Object]bool)
	for _, s := range res.Spawns {
		if s.Go != nil || s.Callee == nil || model.IsRuntime(s.Callee) {
			continue
		}
		sel, ok := ast.Unparen(s.Call.Fun).(*ast.SelectorExpr)
		if !ok {
			continue
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if !ok {
			continue
		}
		v := info.Uses[id]
		if v == nil {
			continue
		}
		ok = s.Body != nil && s.BodyObj == nil && returnsOnlyNil(info, s.Body.Body)
		if prev, seen := groups[v]; seen {
			ok = ok && prev
		}
		groups[v] = ok
	}
	return groups
}

// returnsOnlyNil reports whether every return of body returns nil, or
// the error it has just sent on a channel (errc <- err; return err): the
// error is seen through the channel.
func returnsOnlyNil(info *types.Info, body *ast.BlockStmt) bool {
	only := true
	sentErrs := make(map[*ast.ReturnStmt]bool)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			for i, st := range n.List {
				ret, ok := st.(*ast.ReturnStmt)
				if !ok || len(ret.Results) != 1 {
					continue
				}
				id, ok := ast.Unparen(ret.Results[0]).(*ast.Ident)
				if !ok || id.Name == "nil" || i == 0 {
					continue
				}
				if send, ok := n.List[i-1].(*ast.SendStmt); ok {
					if v, ok := ast.Unparen(send.Value).(*ast.Ident); ok && info.Uses[v] != nil && info.Uses[v] == info.Uses[id] {
						sentErrs[ret] = true
					}
				}
			}
		case *ast.ReturnStmt:
			if len(n.Results) != 1 {
				only = false
			} else if id, ok := ast.Unparen(n.Results[0]).(*ast.Ident); !ok || id.Name != "nil" && !sentErrs[n] {
				only = false
			}
		}
		return only
	})
	return only
}

// Ctx returns the ctx the spawned body sees: its own context parameter,
// or, for a literal, one of the function that starts it; nil if none.
func (s *Spawn) Ctx(info *types.Info) *types.Var {
	if s.Body == nil {
		return nil
	}
	for _, ft := range []*ast.FuncType{s.Body.Type, s.In.Type} {
		for _, field := range ft.Params.List {
			if !model.IsContext(info.TypeOf(field.Type)) {
				continue
			}
			for _, name := range field.Names {
				if v, ok := info.Defs[name].(*types.Var); ok && v.Name() != "_" {
					return v
				}
			}
		}
		if _, lit := s.Body.Node.(*ast.FuncLit); !lit {
			break // a named body does not see its starter's ctx
		}
	}
	return nil
}
