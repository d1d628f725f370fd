package taskleak

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/tasks"
)

// An abandoned sender: the most common goroutine leak of the Go bug
// studies. A goroutine sends its result on an unbuffered channel; the
// function that started it waits for the result in a select that can
// also leave by another case (a timeout, ctx.Done()). When it does, nobody
// will ever receive, and the goroutine blocks on its send forever.
//
//	ch := make(chan result)
//	go func() { ch <- compute() }()
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return nil, ctx.Err() // the goroutine is stuck on ch <- ... forever
//	}
//
// To stay precise the shape is matched narrowly: ch is made unbuffered in
// this function and is local to it (used only by the go statement's
// function literal, which sends, and by the one select that receives; not
// closed, passed, stored or ranged over), and neither the select nor the
// go statement is in a loop. The fix makes the channel
// buffered with room for the one value, so the send never waits.

// chanUse records how a local channel variable is used.
type chanUse struct {
	make    *ast.CallExpr // make(chan T)
	sends   []*ast.SendStmt
	inGo    *ast.GoStmt // the go statement whose literal sends
	selects []*ast.SelectStmt
	other   bool // any other use: the channel escapes our view
}

func checkAbandonedSenders(pass *analysis.Pass, cfgs *graphs, fn *funcs.Func, spawns []*tasks.Spawn, handled map[token.Pos]bool) {
	info := pass.TypesInfo
	m := pass.ResultOf[model.Analyzer].(*model.Model)
	chans := make(map[*types.Var]*chanUse)

	// The channels made unbuffered here.
	for v, mk := range madeChans(info, fn.Body, false) {
		if isMakeUnbufferedChan(info, mk) {
			chans[v] = &chanUse{make: mk}
		}
	}
	if len(chans) == 0 {
		return
	}

	// Classify every use of those channels, in fn and in its go
	// statements' literals.
	goLits := goLiterals(fn, spawns, true)
	var walk func(n ast.Node, inGo *ast.GoStmt)
	walk = func(root ast.Node, inGo *ast.GoStmt) {
		ast.PreorderStack(root, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if g := goLits[n]; g != nil && inGo == nil {
					walk(n.Body, g)
					return false
				}
			case *ast.Ident:
				v, _ := info.Uses[n].(*types.Var)
				u := chans[v]
				if u == nil {
					return true
				}
				classify(u, n, stack, inGo)
			}
			return true
		})
	}
	walk(fn.Body, nil)

	inLoop := selectsAndGosInLoops(fn)

	for v, u := range chans {
		if u.other || u.inGo == nil || len(u.sends) == 0 || len(u.selects) != 1 ||
			inLoop[u.selects[0]] || inLoop[u.inGo] {
			continue
		}
		sel := u.selects[0]
		exit := otherCase(info, sel, v, usedIn(info, u.inGo.Call.Fun))
		if exit == nil || endsInNoReturn(info, cfgs, exit.Body) || inTest(pass, sel.Pos()) && testFails(pass, m, cfgs.ix, exit.Body) {
			continue // a test's timeout leaves the sender only when the test fails
		}
		handled[u.make.Lparen] = true
		p := pass.Fset.Position
		edit := analysis.TextEdit{Pos: u.make.Args[0].End(), End: u.make.Args[0].End(), NewText: []byte(fmt.Sprintf(", %d", len(u.sends)))}
		if len(u.make.Args) == 2 {
			edit = analysis.TextEdit{Pos: u.make.Args[1].Pos(), End: u.make.Args[1].End(), NewText: []byte(fmt.Sprint(len(u.sends)))}
		}
		pass.Report(analysis.Diagnostic{
			Pos: u.inGo.Go, End: u.inGo.Call.Pos(),
			Message: fmt.Sprintf("goroutine may block forever sending on %s (line %d): the select at line %d can leave by its case at line %d without receiving; make %s buffered with room for the value",
				v.Name(), p(u.sends[0].Arrow).Line, p(sel.Select).Line, p(exit.Case).Line, v.Name()),
			SuggestedFixes: []analysis.SuggestedFix{{
				Message:   fmt.Sprintf("Make %s buffered (capacity %d)", v.Name(), len(u.sends)),
				TextEdits: []analysis.TextEdit{edit},
			}},
		})
	}
}

// selectsAndGosInLoops returns the selects and go statements of fn that
// are in a loop: a select in a loop may come back for the value after
// its other case; a go statement in a loop makes several senders.
func selectsAndGosInLoops(fn *funcs.Func) map[ast.Node]bool {
	inLoop := make(map[ast.Node]bool)
	ast.PreorderStack(fn.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt, *ast.GoStmt:
			for _, a := range stack {
				switch a.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					inLoop[n] = true
				}
			}
		}
		return true
	})
	return inLoop
}

// classify records one use of a tracked channel: a send in the go
// statement's literal, a receive that is a case of a select in fn, or
// anything else.
func classify(u *chanUse, id *ast.Ident, stack []ast.Node, inGo *ast.GoStmt) {
	if len(stack) == 0 {
		u.other = true
		return
	}
	parent := stack[len(stack)-1]
	if inGo != nil {
		if s, ok := parent.(*ast.SendStmt); ok && s.Chan == id && !inSelect(stack) {
			if u.inGo != nil && u.inGo != inGo {
				u.other = true // two senders: out of the narrow shape
			}
			u.inGo = inGo
			u.sends = append(u.sends, s)
			return
		}
		u.other = true
		return
	}
	// <-ch as a select case: SelectStmt > BlockStmt > CommClause > (ExprStmt|AssignStmt) > UnaryExpr.
	if un, ok := parent.(*ast.UnaryExpr); ok && un.Op == token.ARROW && len(stack) >= 5 {
		if cc, ok := stack[len(stack)-3].(*ast.CommClause); ok && (cc.Comm == stack[len(stack)-2]) {
			if sel, ok := stack[len(stack)-5].(*ast.SelectStmt); ok {
				u.selects = append(u.selects, sel)
				return
			}
		}
	}
	u.other = true
}

func inSelect(stack []ast.Node) bool {
	for _, n := range stack {
		if _, ok := n.(*ast.SelectStmt); ok {
			return true
		}
	}
	return false
}

// endsInNoReturn reports whether a case body ends in a call that does not
// return (t.Fatal, log.Fatal, panic, os.Exit): the test or the program is
// over, and a goroutine stuck until then is not worth a report.
func endsInNoReturn(info *types.Info, cfgs *graphs, body []ast.Stmt) bool {
	if model.EndsInExit(info, body) {
		return true
	}
	// A function of the program that never returns (flow's NoReturn).
	call := model.LastCall(body)
	if call == nil {
		return false
	}
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	return fn != nil && cfgs.NoReturn(fn)
}

// otherCase returns a case of sel that does not receive from v, if sel
// has no default (a default leaves at once; the shape is the same, but
// rarer and often deliberate polling). A case on a channel the sender
// itself uses (a done channel it closes before returning) does not
// count: the sender signals it, and is gone, or about to be, when it is
// taken.
func otherCase(info *types.Info, sel *ast.SelectStmt, v *types.Var, senderUses map[types.Object]bool) *ast.CommClause {
	var other *ast.CommClause
	for _, c := range sel.Body.List {
		cc := c.(*ast.CommClause)
		if cc.Comm == nil {
			return nil
		}
		uses := false
		ast.Inspect(cc.Comm, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && (info.Uses[id] == v || senderUses[info.Uses[id]] && isChan(info, id)) {
				uses = true
			}
			return !uses
		})
		if !uses && other == nil {
			other = cc
		}
	}
	return other
}

// usedIn returns the variables n refers to.
func usedIn(info *types.Info, n ast.Node) map[types.Object]bool {
	used := make(map[types.Object]bool)
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				used[v] = true
			}
		}
		return true
	})
	return used
}

func isChan(info *types.Info, x ast.Expr) bool {
	_, ok := info.TypeOf(x).Underlying().(*types.Chan)
	return ok
}

// isMakeUnbufferedChan reports whether mk is make(chan T) or
// make(chan T, 0).
func isMakeUnbufferedChan(info *types.Info, mk *ast.CallExpr) bool {
	if !isMakeChan(info, mk) {
		return false
	}
	if len(mk.Args) == 1 {
		return true
	}
	tv := info.Types[mk.Args[1]]
	return tv.Value != nil && tv.Value.String() == "0"
}

// goLiterals maps the function literals that spawns start with a go
// statement, go func(){...}(...), to their statement: those of the
// spawns in fn if fn is not nil, and only those called without
// arguments if noArgs.
func goLiterals(fn *funcs.Func, spawns []*tasks.Spawn, noArgs bool) map[*ast.FuncLit]*ast.GoStmt {
	lits := make(map[*ast.FuncLit]*ast.GoStmt)
	for _, s := range spawns {
		if s.Go == nil || fn != nil && s.In != fn || noArgs && len(s.Go.Call.Args) > 0 {
			continue
		}
		if lit, ok := ast.Unparen(s.Go.Call.Fun).(*ast.FuncLit); ok {
			lits[lit] = s.Go
		}
	}
	return lits
}

// madeChans returns the channels a body makes and names at once,
// ch := make(chan T, ...), with their make calls; those made in the
// body's function literals too if intoLits.
func madeChans(info *types.Info, body *ast.BlockStmt, intoLits bool) map[*types.Var]*ast.CallExpr {
	made := make(map[*types.Var]*ast.CallExpr)
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return intoLits
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE || len(n.Lhs) != 1 || len(n.Rhs) != 1 {
				return true
			}
			mk, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr)
			if !ok || !isMakeChan(info, mk) {
				return true
			}
			if id, ok := n.Lhs[0].(*ast.Ident); ok {
				if v, ok := info.Defs[id].(*types.Var); ok {
					made[v] = mk
				}
			}
		}
		return true
	})
	return made
}

// isMakeChan reports whether mk is make(chan T, ...).
func isMakeChan(info *types.Info, mk *ast.CallExpr) bool {
	id, ok := ast.Unparen(mk.Fun).(*ast.Ident)
	if !ok || id.Name != "make" || len(mk.Args) == 0 {
		return false
	}
	if _, ok := info.Uses[id].(*types.Builtin); !ok {
		return false
	}
	_, ok = info.TypeOf(mk.Args[0]).Underlying().(*types.Chan)
	return ok
}

// testFails reports whether a case of a test's select fails the test: it
// calls t.Error or t.Fatal, itself or through a function of the package
// (require_True(t, ok)), or returns an error for its caller to fail on.
func testFails(pass *analysis.Pass, m *model.Model, ix *funcs.Index, body []ast.Stmt) bool {
	info := pass.TypesInfo
	if m.Fails(info, body) {
		return true
	}
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				if k := len(n.Results); k > 0 {
					last := n.Results[k-1]
					if t := info.TypeOf(last); t != nil && types.Identical(t, types.Universe.Lookup("error").Type()) {
						found = true
					}
				}
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok {
					if decl := ix.Decl(fn); decl != nil && decl.Body != nil && m.Fails(info, decl.Body.List) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}

func inTest(pass *analysis.Pass, pos token.Pos) bool {
	return posfmt.InTest(pass.Fset, pos)
}
