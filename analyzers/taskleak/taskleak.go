package taskleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/cfg"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/flow"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/refs"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "taskleak",
	Doc:      analysisdoc.Extract(doc, "taskleak"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/taskleak/doc.go",
	Requires: []*analysis.Analyzer{tasks.Analyzer, funcs.Analyzer, model.Analyzer, chanflow.Analyzer, refs.Analyzer},
	Run:      run,
}

func run(pass *analysis.Pass) (any, error) {
	spawns := pass.ResultOf[tasks.Analyzer].(*tasks.Result).Spawns
	if len(spawns) == 0 {
		return nil, nil
	}
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	cfgs := &graphs{flow.NewGraphs(pass.TypesInfo, ix, pass.ResultOf[model.Analyzer].(*model.Model)), ix}

	// Group the spawns by the function they are in.
	byFunc := make(map[*funcs.Func]map[*ast.CallExpr]*tasks.Spawn)
	goroutines := make(map[*funcs.Func][]*tasks.Spawn)
	var order, goOrder []*funcs.Func
	for _, s := range spawns {
		if s.Go != nil {
			if goroutines[s.In] == nil {
				goOrder = append(goOrder, s.In)
			}
			goroutines[s.In] = append(goroutines[s.In], s)
			continue
		}
		if s.Callee == nil || !model.IsRuntime(s.Callee) {
			continue
		}
		if byFunc[s.In] == nil {
			byFunc[s.In] = make(map[*ast.CallExpr]*tasks.Spawn)
			order = append(order, s.In)
		}
		byFunc[s.In][s.Call] = s
	}
	for _, fn := range order {
		checkFunc(pass, cfgs, fn, byFunc[fn])
	}
	bodies := make(map[*funcs.Func]bool)
	for _, s := range spawns {
		if s.Body != nil && !bodies[s.Body] {
			bodies[s.Body] = true
			checkOwnQueue(pass, s.Body)
			checkStopless(pass, s)
		}
	}
	handled := make(map[token.Pos]bool)
	for _, fn := range goOrder {
		checkAbandonedSenders(pass, cfgs, fn, goroutines[fn], handled)
		checkRanges(pass, cfgs, fn, goroutines[fn], pass.ResultOf[refs.Analyzer].(*refs.Info).SSA)
	}
	// Any start: a go statement, or a group's Go (errgroup), whose
	// goroutines the channel flow follows too.
	checkChans(pass, pass.ResultOf[chanflow.Analyzer].(*chanflow.Result), handled)
	return nil, nil
}

func checkFunc(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, calls map[*ast.CallExpr]*tasks.Spawn) {
	info := pass.TypesInfo
	g, sig := funcCFG(pass, cfgs, fn.Node)
	if g == nil {
		return
	}
	s := &spawnScan{
		pass:      pass,
		calls:     calls,
		scope:     info.Scopes[fn.Type],
		handles:   make(map[*types.Var]ast.Node),
		sets:      make(map[*types.Var]*ast.ExprStmt),
		collected: make(map[*types.Var]bool),
	}
	ast.PreorderStack(fn.Body, nil, s.visit)

	for _, v := range s.handleOrder {
		def := s.handles[v]
		if onlyBlanked(info, fn.Body, v) {
			pass.ReportRangef(def, "task handle discarded: %s is only assigned to _, so the task is never joined; await it, or call Detach to make fire-and-forget explicit", v.Name())
			continue
		}
		ret := flow.UnusedPath(info, g, v, def, sig, usedExcept(info, func(e model.Entry) bool { return e.Is(model.Cancels) || e.Is(model.Inspects) }))
		if ret != nil {
			pass.ReportRangef(def, "task %s is not joined on every path: %s at %s leaves it running (await it, or Detach it)",
				v.Name(), posfmt.Exit(ret.Pos(), fn.Body), where(pass, ret.Pos()))
		}
	}
	for _, c := range s.collectedOrder {
		if onlyAppended(info, fn.Body, c.v) {
			pass.ReportRangef(c.call, "the tasks collected in %s are never joined: nothing uses %s but the appends; await each (for _, t := range %s { t.Await(ctx) }), or spawn them in a JoinSet",
				c.v.Name(), c.v.Name(), c.v.Name())
		}
	}
	for _, v := range s.setOrder {
		def := s.sets[v]
		if deferredUse(info, fn.Body, v) {
			continue // a deferred Wait or Shutdown covers every path
		}
		ret := flow.UnusedPath(info, g, v, def, sig, usedExcept(info, func(e model.Entry) bool { return e.Is(model.Spawns) }))
		if ret != nil {
			pass.ReportRangef(def, "join set %s is not waited on every path: %s at %s leaves its tasks running (call Wait, Next or Shutdown)",
				v.Name(), posfmt.Exit(ret.Pos(), fn.Body), where(pass, ret.Pos()))
		}
	}
}

// A spawnScan walks a function's body for checkFunc: the task handles
// and join sets its spawns give to local variables, and the slices of
// handles, each in the order first seen. A discarded handle is reported
// on the way.
type spawnScan struct {
	pass           *analysis.Pass
	calls          map[*ast.CallExpr]*tasks.Spawn
	scope          *types.Scope
	handles        map[*types.Var]ast.Node      // task var -> its defining statement
	sets           map[*types.Var]*ast.ExprStmt // join set var -> its first Spawn statement
	setOrder       []*types.Var
	handleOrder    []*types.Var
	collected      map[*types.Var]bool // slices of handles: s = append(s, Spawn(...))
	collectedOrder []collectedSpawn
}

// local reports whether v is declared in the function.
func (s *spawnScan) local(v *types.Var) bool { return s.scope != nil && s.scope.Contains(v.Pos()) }

func (s *spawnScan) visit(n ast.Node, stack []ast.Node) bool {
	if _, ok := n.(*ast.FuncLit); ok {
		return false
	}
	call, ok := n.(*ast.CallExpr)
	if !ok || s.calls[call] == nil || len(stack) == 0 {
		return true
	}
	parent := stack[len(stack)-1]
	if model.IsTask(s.pass.TypesInfo.TypeOf(call)) {
		s.task(call, parent, stack)
		return true
	}
	s.joinSetSpawn(call, parent)
	return true
}

// task notes a spawn that returns a task handle: appended to a slice,
// discarded, or assigned to a variable.
func (s *spawnScan) task(call *ast.CallExpr, parent ast.Node, stack []ast.Node) {
	pass, info := s.pass, s.pass.TypesInfo
	if v := appendedTo(info, call, stack); v != nil && s.local(v) && !s.collected[v] {
		s.collected[v] = true
		if !slices.ContainsFunc(s.collectedOrder, func(x collectedSpawn) bool { return x.v == v }) {
			s.collectedOrder = append(s.collectedOrder, collectedSpawn{v, call})
		}
	}
	switch p := parent.(type) {
	case *ast.ExprStmt:
		pass.ReportRangef(call, "task handle discarded: the task is never joined; await it, or call Detach to make fire-and-forget explicit")
	case *ast.AssignStmt:
		if len(p.Lhs) == 1 && len(p.Rhs) == 1 {
			if v := assignedVar(pass, p.Lhs[0], call); v != nil && s.local(v) {
				if _, seen := s.handles[v]; !seen {
					s.handleOrder = append(s.handleOrder, v)
				}
				s.handles[v] = p
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == 1 && len(p.Values) == 1 {
			if v := assignedVar(pass, p.Names[0], call); v != nil {
				s.handles[v] = p
				s.handleOrder = append(s.handleOrder, v)
			}
		}
	}
}

// joinSetSpawn notes JoinSet.Spawn: the join set is the receiver.
func (s *spawnScan) joinSetSpawn(call *ast.CallExpr, parent ast.Node) {
	info := s.pass.TypesInfo
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || !model.IsJoinSet(info.TypeOf(sel.X)) {
		return
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	if !ok {
		return
	}
	v, _ := info.Uses[id].(*types.Var)
	stmt, ok := parent.(*ast.ExprStmt)
	if v == nil || !ok || !s.local(v) || s.sets[v] != nil {
		return
	}
	s.sets[v] = stmt
	s.setOrder = append(s.setOrder, v)
}

// A collectedSpawn is the first spawn appended to a local slice.
type collectedSpawn struct {
	v    *types.Var
	call *ast.CallExpr
}

// appendedTo returns the local variable s of s = append(s, ..., call, ...)
// when call is one of the appended values, or nil.
func appendedTo(info *types.Info, call *ast.CallExpr, stack []ast.Node) *types.Var {
	if len(stack) < 2 {
		return nil
	}
	app, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok || len(app.Args) < 2 || app.Args[0] == ast.Expr(call) || !isBuiltin(info, app.Fun, "append") {
		return nil
	}
	as, ok := stack[len(stack)-2].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Rhs[0] != ast.Expr(app) {
		return nil
	}
	l, ok := as.Lhs[0].(*ast.Ident)
	a, ok2 := app.Args[0].(*ast.Ident)
	if !ok || !ok2 {
		return nil
	}
	v, _ := info.ObjectOf(l).(*types.Var)
	if v == nil || info.ObjectOf(a) != v {
		return nil
	}
	return v
}

func isBuiltin(info *types.Info, fun ast.Expr, name string) bool {
	id, ok := ast.Unparen(fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// onlyAppended reports whether every use of the slice v in body (closures
// too) is in s = append(s, ...) or len(s): nothing reads its handles.
func onlyAppended(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	ok := true
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isID := n.(*ast.Ident)
		if !isID || info.ObjectOf(id) != v || !ok || len(stack) == 0 {
			return ok
		}
		switch p := stack[len(stack)-1].(type) {
		case *ast.AssignStmt:
			// s = append(s, ...), s := make(...): assigned, not read.
			if slices.Contains(p.Lhs, ast.Expr(id)) {
				return true
			}
		case *ast.CallExpr:
			if (isBuiltin(info, p.Fun, "append") && len(p.Args) > 0 && p.Args[0] == ast.Expr(id)) || isBuiltin(info, p.Fun, "len") {
				return true
			}
		case *ast.ValueSpec:
			return true // var s []*runtime.Task
		}
		ok = false
		return false
	})
	return ok
}

// onlyBlanked reports whether every use of v in body (closures too) is
// as the value of an assignment to _ (_ = t): that silences the
// compiler's unused variable, and joins nothing.
func onlyBlanked(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	uses, blanked := 0, 0
	ast.PreorderStack(body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || info.Uses[id] != v {
			return true
		}
		uses++
		if isBlankValue(id, stack) {
			blanked++
		}
		return true
	})
	return uses > 0 && uses == blanked
}

// isBlankValue reports whether id, under stack, is a value assigned to
// _ in an assignment.
func isBlankValue(id *ast.Ident, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	as, ok := stack[len(stack)-1].(*ast.AssignStmt)
	if !ok || len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for i, r := range as.Rhs {
		if r == ast.Expr(id) {
			l, ok := as.Lhs[i].(*ast.Ident)
			return ok && l.Name == "_"
		}
	}
	return false
}

// deferredUse reports whether a defer statement of body refers to v.
func deferredUse(info *types.Info, body *ast.BlockStmt, v *types.Var) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			ast.Inspect(n, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && info.Uses[id] == v {
					found = true
				}
				return !found
			})
		}
		return !found
	})
	return found
}

// assignedVar returns the variable lhs names, if it is a plain identifier
// other than _.
func assignedVar(pass *analysis.Pass, lhs ast.Expr, call *ast.CallExpr) *types.Var {
	id, ok := lhs.(*ast.Ident)
	if !ok {
		return nil
	}
	if id.Name == "_" {
		pass.ReportRangef(call, "task handle discarded: the task is never joined; await it, or call Detach to make fire-and-forget explicit")
		return nil
	}
	v, _ := pass.TypesInfo.ObjectOf(id).(*types.Var)
	return v
}

// usedExcept counts every use of a variable except as the receiver of a
// call to a method whose model entry skip accepts (a task's Cancel or
// ID, a join set's Spawn: they neither join nor detach).
func usedExcept(info *types.Info, skip func(model.Entry) bool) flow.Use {
	return func(id *ast.Ident, stack []ast.Node) bool {
		if isBlankValue(id, stack) {
			return false // _ = t joins nothing
		}
		if len(stack) < 2 {
			return true
		}
		sel, ok := stack[len(stack)-1].(*ast.SelectorExpr)
		if !ok || sel.X != id {
			return true
		}
		call, ok := stack[len(stack)-2].(*ast.CallExpr)
		if !ok || call.Fun != sel {
			return true
		}
		fn, ok := info.Uses[sel.Sel].(*types.Func)
		if !ok {
			return true
		}
		if o := fn.Origin(); o != nil {
			fn = o
		}
		e, known := model.Lookup(fn)
		return !known || !skip(e)
	}
}

func where(pass *analysis.Pass, pos token.Pos) string {
	p := pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// graphs gives the control-flow graphs of the package's functions, from
// passes/flow (one CFG source for every check).
type graphs struct {
	g  *flow.Graphs
	ix *funcs.Index
}

func (g *graphs) FuncDecl(n *ast.FuncDecl) *cfg.CFG { return g.of(n) }
func (g *graphs) FuncLit(n *ast.FuncLit) *cfg.CFG   { return g.of(n) }

func (g *graphs) of(n ast.Node) *cfg.CFG {
	if f := g.ix.Of(n); f != nil && f.Body != nil {
		return g.g.CFG(f)
	}
	return nil
}

// NoReturn reports whether a call of fn never returns, as the model says.
func (g *graphs) NoReturn(fn *types.Func) bool {
	e, ok := model.Lookup(fn)
	return ok && e.Is(model.Exits)
}
