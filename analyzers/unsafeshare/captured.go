package unsafeshare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// bodyAccess is an access of a spawned body, named as its starter names
// the path.
type bodyAccess struct {
	access
	p path // in the starter's terms
	// arg is the go statement's argument the access goes through, or nil.
	arg ast.Expr
}

// spawn checks one spawn site: the body's accesses to what it shares
// with its starter, against the starter's accesses while the body runs,
// and against the other instances of the body when it is spawned in a
// loop.
func (a *checker) spawn(s *tasks.Spawn) {
	w := a.hb.Window(s)
	if w == nil {
		return
	}
	shared := a.bodyAccesses(s)
	if len(shared) == 0 {
		return
	}
	c := &spawnCheck{a: a, s: s, w: w, shared: shared, node: s.Call}
	if s.Go != nil {
		c.node = s.Go
	}
	// The starter's accesses.
	c.starter, _ = a.accessesOf(s.In)

	reported := make(map[string]bool)
	for _, ba := range shared {
		key := ba.p.root.Name() + "\x00" + ba.p.rest
		if reported[key] {
			continue
		}
		if c.starterRace(ba) || c.instancesRace(ba) {
			reported[key] = true
		}
	}
}

// A spawnCheck is the check of one spawn site, s, whose body runs in
// the window w.
type spawnCheck struct {
	a       *checker
	s       *tasks.Spawn
	w       *hb.Window
	node    ast.Node     // the go statement, or the call that spawns
	shared  []bodyAccess // the body's accesses to what it shares
	starter []access     // the starter's accesses
}

// starterRace reports ba, an access of the body, against an access of
// the starter that may run at once with it, and says whether it did.
func (c *spawnCheck) starterRace(ba bodyAccess) bool {
	a, s, w := c.a, c.s, c.w
	// Ordered for the starter: a point of the body before the access.
	if a.hb.OrderedBefore(s.Body, ba.node, w.StarterMentions) {
		return false
	}
	for _, pa := range c.starter {
		if !pa.write && !ba.write || pa.p != ba.p || pa.atomic && ba.atomic {
			continue
		}
		if !w.Concurrent(pa.node.Pos(), ba.p.root) || a.afterSelectJoin(s, c.node, pa.node, w.BodyReleases) || a.inJoinCase(s, pa.node, w.BodyReleases) {
			continue
		}
		if ba.index != nil && pa.index != nil && ba.nc == "" {
			continue // elements of a slice: may well be distinct
		}
		if c.handedElement(pa, ba) {
			continue
		}
		if a.mayShareLock(s.Body, ba.node, s.In, pa.node) {
			continue
		}
		a.reportf(ba.node.Pos(), "%s is %s by the %s started at %s and %s at %s by its starter, with no happens-before between them (no lock in common, no atomic, no channel hand-off or join in between)%s",
			what(ba.access), averb(ba.access), kindOf(s), a.pos(c.node.Pos()), averb(pa), a.pos(pa.node.Pos()), a.orderedLater(s, w, pa.node.Pos()))
		if ba.p.rest == "" && ba.p.root.Parent() != ba.p.root.Pkg().Scope() {
			a.lines[sharedVarKey(ba.p.root.Pos())] = true // see racer.report
		}
		return true
	}
	return false
}

// instancesRace reports ba, a write of the body, against an access of
// another instance of the body when it is spawned in a loop, and says
// whether it did.
func (c *spawnCheck) instancesRace(ba bodyAccess) bool {
	a, s, w := c.a, c.s, c.w
	if !w.Multi(ba.p.root) || !ba.write {
		return false
	}
	if a.hb.OrderedBefore(s.Body, ba.node, w.BodyReleases) {
		return false
	}
	// An element picked per instance, in the body or in the
	// argument the go statement passes (go f(xs[i])): its own.
	if a.disjoint(ba.node, s.Body, w.Loops[0]) || ba.arg != nil && a.disjoint(ba.arg, s.Body, w.Loops[0]) {
		return false
	}
	other := c.otherInstance(ba)
	if other == nil {
		return false
	}
	also := ""
	if other.node != ba.node {
		also = " and " + averb(other.access) + " at " + a.pos(other.node.Pos())
	}
	a.reportf(ba.node.Pos(), "%s is %s here%s by every %s started in the loop at %s: the instances run concurrently with no happens-before between them (no lock, no atomic, no channel hand-off)",
		what(ba.access), averb(ba.access), also, kindOf(s), a.pos(w.Loops[0].Pos()))
	return true
}

// otherInstance returns the first access of the body to ba's path that
// another instance may make while ba's runs, or nil.
func (c *spawnCheck) otherInstance(ba bodyAccess) *bodyAccess {
	a, s := c.a, c.s
	for i := range c.shared {
		o := &c.shared[i]
		if o.p != ba.p || o.atomic && ba.atomic || a.hb.OrderedBefore(s.Body, o.node, c.w.BodyReleases) {
			continue
		}
		if a.mayShareLock(s.Body, ba.node, s.Body, o.node) {
			continue
		}
		return o
	}
	return nil
}

// perInstance reports whether an index names only values of one
// instance of the body: its own variables and parameters, the loop's
// per-iteration variables, constants.
func (a *checker) perInstance(index ast.Expr, body *funcs.Func, loop ast.Node) bool {
	ok, own := true, false
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		if sel, isSel := n.(*ast.SelectorExpr); isSel {
			ast.Inspect(sel.X, visit) // b.indices[j]: b's, not the field name's
			return false
		}
		id, isID := n.(*ast.Ident)
		if !isID {
			if _, isCall := n.(*ast.CallExpr); isCall {
				ok = false
			}
			return ok
		}
		v, isVar := a.pass.TypesInfo.Uses[id].(*types.Var)
		if !isVar {
			return true
		}
		if !hb.DeclaredIn(v, body.Node) && !hb.DeclaredIn(v, loop) {
			ok = false
		}
		own = true
		return ok
	}
	ast.Inspect(index, visit)
	return ok && own
}

// bodyAccesses lists the accesses of the body to what it shares with its
// starter: variables captured from it (or package variables), and what
// it reaches through the pointers, maps and slices passed to it.

// accessesOf returns fn's own accesses (not those of its literals): the
// plain ones, then the atomic ones as writes (from plain on), computed
// once for all its spawns and for mixed.
func (a *checker) accessesOf(fn *funcs.Func) (accs []access, plain int) {
	if c, ok := a.accesses[fn]; ok {
		return c.all, c.plain
	}
	c := &collector{info: a.pass.TypesInfo, m: a.m}
	c.body(fn.Body)
	plain = len(c.out)
	for _, acc := range c.atomics {
		acc.write = true
		c.out = append(c.out, acc)
	}
	a.accesses[fn] = funcAccesses{c.out, plain}
	return c.out, plain
}

func (a *checker) bodyAccesses(s *tasks.Spawn) []bodyAccess {
	accs, _ := a.accessesOf(s.Body)
	if len(accs) == 0 {
		return nil
	}
	// The parameters the starter passes in, and what it passes.
	args := make(map[*types.Var]ast.Expr)
	var sig *types.Signature
	if s.Body.Obj != nil {
		sig = s.Body.Obj.Type().(*types.Signature)
	} else if lit, ok := s.Body.Node.(*ast.FuncLit); ok {
		sig, _ = a.pass.TypesInfo.TypeOf(lit).(*types.Signature)
	}
	if sig != nil {
		var fun ast.Expr
		if s.Go != nil {
			fun = s.Go.Call.Fun
			if !sig.Variadic() && len(s.Go.Call.Args) == sig.Params().Len() {
				for i, arg := range s.Go.Call.Args {
					args[sig.Params().At(i)] = arg
				}
			}
		} else if e, ok := a.m.Lookup(s.Callee); ok && e.Body >= 0 && e.Body < len(s.Call.Args) {
			fun = s.Call.Args[e.Body]
		}
		if sel, ok := ast.Unparen(fun).(*ast.SelectorExpr); ok && sig.Recv() != nil {
			if sl := a.pass.TypesInfo.Selections[sel]; sl != nil && sl.Kind() == types.MethodVal {
				args[sig.Recv()] = sel.X
			}
		}
	}
	var out []bodyAccess
	for _, acc := range accs {
		root := acc.p.root
		switch {
		case root.Pkg() != nil && root.Parent() == root.Pkg().Scope():
			out = append(out, bodyAccess{acc, acc.p, nil}) // a package variable
		case args[root] != nil:
			p, ok := a.translate(args[root], root, acc.p.rest)
			if ok {
				out = append(out, bodyAccess{acc, p, args[root]})
			}
		case !hb.DeclaredIn(root, s.Body.Node) && root.Parent() != nil:
			out = append(out, bodyAccess{acc, acc.p, nil}) // captured
		}
	}
	return out
}

// translate names, in the starter's terms, what the body reaches through
// the parameter param, passed arg: rest below the pointer, map or slice.
func (a *checker) translate(arg ast.Expr, param *types.Var, rest string) (path, bool) {
	switch param.Type().Underlying().(type) {
	case *types.Pointer, *types.Map, *types.Slice:
	default:
		return path{}, false
	}
	rest = norm(rest)
	if rest == "" {
		return path{}, false // the parameter itself: the body's own copy
	}
	c := &collector{info: a.pass.TypesInfo, m: a.m}
	x := ast.Unparen(arg)
	if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
		base, ok := c.pathOf(u.X)
		if !ok {
			return path{}, false
		}
		base.rest += strings.TrimPrefix(rest, "*")
		return path{base.root, norm(base.rest)}, true
	}
	base, ok := c.pathOf(x)
	if !ok {
		return path{}, false
	}
	base.rest += rest
	return path{base.root, norm(base.rest)}, true
}

// norm spells a path the same whether a pointer is dereferenced
// explicitly or not.
func norm(rest string) string {
	rest = strings.ReplaceAll(rest, "*.", ".")
	return strings.ReplaceAll(rest, "*[]", "[]")
}

// averb says how an access touches its path: "read", "written",
// "written atomically".
func averb(acc access) string {
	if acc.atomic {
		return "written atomically"
	}
	return verb(acc.write)
}

// disjoint reports whether a path goes through an element of a slice or
// array picked by a per-instance index (results[i], stats[j].count):
// each instance of the body has its own.
func (a *checker) disjoint(n ast.Node, body *funcs.Func, loop ast.Node) bool {
	for {
		switch x := n.(type) {
		case *ast.ParenExpr:
			n = x.X
		case *ast.StarExpr:
			n = x.X
		case *ast.SelectorExpr:
			n = x.X
		case *ast.IndexExpr:
			if t := a.pass.TypesInfo.TypeOf(x.X); t != nil {
				if _, isMap := t.Underlying().(*types.Map); !isMap && a.perInstance(x.Index, body, loop) {
					return true
				}
			}
			n = x.X
		default:
			return false
		}
	}
}

// afterSelectJoin reports whether the starter's access n follows, in the
// same statement list, a select after the spawn that receives from a
// channel the body releases (close(done)), every other case of which
// leaves the function (a timeout that returns): the code after the
// select runs only once the body has released it. maywait leaves a
// select with a timer case out of the waits, since it does not wait
// forever, so the window does not end there by itself.
func (a *checker) afterSelectJoin(s *tasks.Spawn, spawn, n ast.Node, releases map[string]int) bool {
	found := false
	visit := func(list []ast.Stmt) {
		for i, st := range list {
			if st.Pos() < spawn.End() {
				continue
			}
			sel, ok := st.(*ast.SelectStmt)
			if !(ok && a.joinsBody(sel, releases) || a.failsOrReceives(st) || a.pollsRelease(st, releases)) {
				continue
			}
			for _, later := range list[i+1:] {
				if later.Pos() <= n.Pos() && n.End() <= later.End() {
					found = true
					return
				}
			}
		}
	}
	ast.Inspect(s.In.Body, func(x ast.Node) bool {
		if found || x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			visit(x.List)
		case *ast.CaseClause:
			visit(x.Body)
		case *ast.CommClause:
			visit(x.Body)
		}
		return !found
	})
	return found
}

// inJoinCase reports whether the starter's access n is in the body of a
// select's case that receives from a channel the body releases (case
// <-done: return n, err): that case runs only once the body has released
// it.
func (a *checker) inJoinCase(s *tasks.Spawn, n ast.Node, releases map[string]int) bool {
	var clause *ast.CommClause
	ast.Inspect(s.In.Body, func(x ast.Node) bool {
		if x == nil || x.Pos() > n.Pos() || x.End() < n.End() {
			return false
		}
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CommClause:
			if x.Colon < n.Pos() {
				clause = x
			}
		}
		return true
	})
	if clause == nil {
		return false
	}
	ch := model.RecvChan(clause.Comm)
	if ch == nil {
		return false
	}
	c, ok := a.locks.Class(ch)
	return ok && releases[c] > 0
}

// joinsBody reports whether a select receives from a channel the body
// releases, and each of its other cases leaves the function (or ends the
// test: t.Fatalf).
func (a *checker) joinsBody(sel *ast.SelectStmt, releases map[string]int) bool {
	joins := false
	for _, st := range sel.Body.List {
		cc := st.(*ast.CommClause)
		var ch ast.Expr
		switch c := cc.Comm.(type) {
		case *ast.ExprStmt:
			if u, ok := ast.Unparen(c.X).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
				ch = u.X
			}
		case *ast.AssignStmt:
			if len(c.Rhs) == 1 {
				if u, ok := ast.Unparen(c.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
					ch = u.X
				}
			}
		}
		if ch != nil {
			if c, ok := a.locks.Class(ch); ok && releases[c] > 0 {
				joins = true
				continue
			}
		}
		if len(cc.Body) == 0 {
			return false
		}
		// A return, a panic, or a call that never returns (t.Fatalf: the
		// test is over).
		if _, ok := cc.Body[len(cc.Body)-1].(*ast.ReturnStmt); !ok && !model.EndsInExit(a.pass.TypesInfo, cc.Body) {
			return false
		}
	}
	return joins
}

// failsOrReceives reports whether st is a call of a function of the
// package (a test helper) whose body has a select that either receives
// from a channel others may send on (not a timer's) or fails the test
// (t.Fatalf, panic) on its other cases: when the call returns, it may
// have received (verifyRequest(t, reqCh): the request the goroutine's
// call caused). maywait leaves a select with a timer case out of the
// waits; this is the same "may order" a bare receive is.
func (a *checker) failsOrReceives(st ast.Stmt) bool {
	call := stmtCall(st)
	if call == nil {
		return false
	}
	local, _ := a.ix.Callee(call)
	if local == nil || local.Body == nil {
		return false
	}
	found := false
	ast.Inspect(local.Body, func(n ast.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.SelectStmt:
			found = a.boundedWait(n)
		}
		return !found
	})
	return found
}

// boundedWait reports whether a select has a receive from a channel that
// is not a timer's, and each of its other cases fails the test or
// panics.
func (a *checker) boundedWait(sel *ast.SelectStmt) bool {
	recv := false
	for _, st := range sel.Body.List {
		cc := st.(*ast.CommClause)
		if model.EndsInExit(a.pass.TypesInfo, cc.Body) {
			continue
		}
		ch := model.RecvChan(cc.Comm)
		if ch == nil {
			return false
		}
		switch x := ast.Unparen(ch).(type) {
		case *ast.CallExpr:
			return false // time.After(d), ctx.Done(): not the other side's
		case *ast.SelectorExpr:
			if x.Sel.Name == "C" {
				return false // a timer's channel
			}
		}
		recv = true
	}
	return recv
}

// pollsRelease reports whether st is a call that is handed a function
// literal which loads atomically what the body releases (a flag the body
// stores once done): a helper that polls the condition until it holds,
// or fails the test (require.Eventually(t, func() bool { return
// done.Load() }, ...)). When the call returns, the condition may have
// been seen true: like a bare receive, it may order what follows it.
func (a *checker) pollsRelease(st ast.Stmt, releases map[string]int) bool {
	call := stmtCall(st)
	if call == nil {
		return false
	}
	for _, arg := range call.Args {
		lit, ok := ast.Unparen(arg).(*ast.FuncLit)
		if !ok {
			continue
		}
		found := false
		ast.Inspect(lit.Body, func(n ast.Node) bool {
			if found {
				return false
			}
			c, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			_, obj := a.ix.Callee(c)
			e, ok := a.m.Lookup(obj)
			if !ok || !e.Is(model.Syncs) {
				return true
			}
			var word ast.Expr
			if sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok && a.pass.TypesInfo.Selections[sel] != nil {
				word = sel.X // done[i].Load()
			} else if len(c.Args) > 0 {
				word = ast.Unparen(c.Args[0]) // atomic.LoadInt32(&done)
				if u, ok := word.(*ast.UnaryExpr); ok && u.Op == token.AND {
					word = u.X
				}
			}
			for word != nil && !found {
				if cl, ok := a.locks.Class(word); ok && releases[cl] > 0 {
					found = true
				}
				// done[i].Load(): the body names done.
				ix, ok := ast.Unparen(word).(*ast.IndexExpr)
				if !ok {
					break
				}
				word = ix.X
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// orderedLater names, for a starter's access at pos, the point after it
// where the starter is first ordered after the body (a Wait, a receive
// from the body's channel), when there is one in the starter: it comes
// too late for the access.
func (a *checker) orderedLater(s *tasks.Spawn, w *hb.Window, pos token.Pos) string {
	for _, iv := range w.Intervals {
		if pos < iv.From || pos >= iv.To {
			continue
		}
		for _, pt := range a.hb.Points(s.In) {
			if pt.Pos == iv.To && pt.Counts(w.BodyMentions) {
				return fmt.Sprintf("; the starter waits for it only at %s, after this access", a.pos(pt.Pos))
			}
		}
	}
	return ""
}

// stmtCall returns the call st is (f(x) as a statement), or nil.
func stmtCall(st ast.Stmt) *ast.CallExpr {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, _ := ast.Unparen(es.X).(*ast.CallExpr)
	return call
}
