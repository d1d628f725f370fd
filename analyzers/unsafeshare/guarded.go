package unsafeshare

import (
	"go/ast"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/hb"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/tasks"
)

// fieldAccess is an access to a struct field, with the locks held there.
type fieldAccess struct {
	fn    *funcs.Func
	sel   *ast.SelectorExpr
	write bool
	held  []lockset.Lock
}

// fieldOf returns the field selection an access ends with: s.n, s.m[k],
// *s.p.
func fieldOf(info *types.Info, n ast.Node) (*ast.SelectorExpr, *types.Var) {
	if x, ok := container(n).(*ast.SelectorExpr); ok {
		if s := info.Selections[x]; s != nil && s.Kind() == types.FieldVal {
			if v, ok := s.Obj().(*types.Var); ok {
				return x, v.Origin()
			}
		}
	}
	return nil, nil
}

var guardedRE = regexp.MustCompile(`(?i)\b(?:guarded|protected) by ([A-Za-z_][A-Za-z0-9_.]*)`)

// guardComments maps the fields of the package whose comment says
// "guarded by mu" to mu.
func (a *checker) guardComments() map[*types.Var]string {
	out := make(map[*types.Var]string)
	for _, f := range a.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			st, ok := n.(*ast.StructType)
			if !ok {
				return true
			}
			for _, fld := range st.Fields.List {
				var text string
				if fld.Doc != nil {
					text += fld.Doc.Text()
				}
				if fld.Comment != nil {
					text += fld.Comment.Text()
				}
				m := guardedRE.FindStringSubmatch(text)
				if m == nil {
					continue
				}
				lock := strings.TrimRight(m[1], ".")
				if i := strings.LastIndex(lock, "."); i >= 0 {
					lock = lock[i+1:]
				}
				for _, name := range fld.Names {
					if v, ok := a.pass.TypesInfo.Defs[name].(*types.Var); ok {
						out[v] = lock
					}
				}
			}
			return true
		})
	}
	return out
}

// guarded reports a field accessed under a lock nearly everywhere, but
// without it in a function that runs as a task or goroutine.
func (a *checker) guarded() {
	if !a.locks.TakesAny() {
		return
	}
	bodies := a.spawnedBodies()
	if len(bodies) == 0 {
		return
	}
	comments := a.guardComments()
	byField, order := a.fieldAccesses()
	for _, fld := range order {
		a.checkGuarded(fld, byField[fld], bodies, comments[fld])
	}
}

// spawnedBodies maps the functions run as a task or goroutine (not in
// place, nor by a call that joins them) to their first spawn.
func (a *checker) spawnedBodies() map[*funcs.Func]*tasks.Spawn {
	bodies := make(map[*funcs.Func]*tasks.Spawn)
	for _, s := range a.spawns {
		if s.Body == nil || s.Kind == model.InPlace {
			continue
		}
		if s.Callee != nil {
			if e, ok := a.m.Lookup(s.Callee); ok && e.Is(model.Joins) {
				continue
			}
		}
		if _, ok := bodies[s.Body]; !ok {
			bodies[s.Body] = s
		}
	}
	return bodies
}

// fieldAccesses collects the accesses to non-atomic struct fields of
// values shared by their function, by field, with the fields in order of
// first access.
func (a *checker) fieldAccesses() (map[*types.Var][]fieldAccess, []*types.Var) {
	byField := make(map[*types.Var][]fieldAccess)
	var order []*types.Var
	for _, fn := range a.ix.Funcs {
		c := &collector{info: a.pass.TypesInfo, m: a.m}
		c.body(fn.Body)
		for _, acc := range c.out {
			sel, fld := fieldOf(a.pass.TypesInfo, acc.node)
			if sel == nil || model.IsAtomicType(fld.Type()) {
				continue
			}
			if a.ownValue(fn, sel) {
				continue // a value the function built: not shared yet
			}
			if _, ok := byField[fld]; !ok {
				order = append(order, fld)
			}
			byField[fld] = append(byField[fld], fieldAccess{fn: fn, sel: sel, write: acc.write, held: a.heldAt(fn, sel)})
		}
	}
	return byField, order
}

// A guard is the lock that guards a field: the sibling lock held at most
// of its accesses.
type guard struct {
	class  string        // its lockset order class: one lock, by any path
	taken  string        // its lockset class, as Taken gives it
	name   string        // as written at a locked access: s.mu
	short  string        // its last name: mu
	locked []fieldAccess // the accesses made with it held
}

// guardOf returns the guard of a field's accesses, if any is held at
// one of them.
func guardOf(accs []fieldAccess) (guard, bool) {
	count := make(map[string][]fieldAccess)
	var classes []string
	for _, fa := range accs {
		base := types.ExprString(fa.sel.X)
		for _, l := range fa.held {
			i := strings.LastIndex(l.Name, ".")
			if i < 0 || l.Name[:i] != base {
				continue
			}
			if _, ok := count[guardClass(l)]; !ok {
				classes = append(classes, guardClass(l))
			}
			count[guardClass(l)] = append(count[guardClass(l)], fa)
		}
	}
	if len(classes) == 0 {
		return guard{}, false
	}
	sort.SliceStable(classes, func(i, j int) bool { return len(count[classes[i]]) > len(count[classes[j]]) })
	g := guard{class: classes[0], locked: count[classes[0]]}
	g.name = g.locked[0].held[0].Name
	for _, l := range g.locked[0].held {
		if guardClass(l) == g.class {
			g.name, g.taken = l.Name, l.Class
		}
	}
	g.short = g.name[strings.LastIndex(g.name, ".")+1:]
	return g, true
}

// accessLines counts the lines, not expressions, of the accesses pred keeps:
// s.x = append(s.x, v) is one.
func (a *checker) accessLines(accs []fieldAccess, pred func(fieldAccess) bool) int {
	seen := make(map[string]bool)
	for _, fa := range accs {
		if pred(fa) {
			seen[a.pos(fa.sel.Pos())] = true
		}
	}
	return len(seen)
}

// checkGuarded reports the accesses to fld made without its guard in a
// spawned body, once per body, when the guard is held at most of its
// accesses or named by its comment (comment: the lock the comment says
// guards it, or "").
func (a *checker) checkGuarded(fld *types.Var, accs []fieldAccess, bodies map[*funcs.Func]*tasks.Spawn, comment string) {
	g, ok := guardOf(accs)
	if !ok {
		return
	}
	nLocked := a.accessLines(g.locked, func(fieldAccess) bool { return true })
	unlocked := a.accessLines(accs, func(fa fieldAccess) bool { return !holds(fa.held, g.class) })
	commented := comment != "" && comment == g.short
	if !commented && (nLocked < 2 || nLocked < 2*unlocked) {
		return
	}
	reported := make(map[*funcs.Func]bool)
	// Writes first: s.x = append(s.x, v) is reported as a write.
	accs = slices.Clone(accs)
	sort.SliceStable(accs, func(i, j int) bool { return accs[i].write && !accs[j].write })
	for _, fa := range accs {
		s := bodies[fa.fn]
		if s == nil || reported[fa.fn] || holds(fa.held, g.class) {
			continue
		}
		if slices.Contains(a.locks.Taken(fa.fn), g.taken) {
			// The function takes the lock somewhere: lockset's must
			// answer may miss it here (a helper that unlocks and
			// locks again on some paths). Precision first.
			continue
		}
		if !fa.write && !a.concurrentWrite(g.locked, s) {
			continue // a read of what was written before the spawn
		}
		reported[fa.fn] = true
		a.reportUnguarded(fld, fa, g, commented, s)
	}
}

// reportUnguarded reports fa, an access to fld without its guard g in
// the body spawned at s.
func (a *checker) reportUnguarded(fld *types.Var, fa fieldAccess, g guard, commented bool, s *tasks.Spawn) {
	where, writes := a.lockedAt(g.locked, fa.write)
	how := "accessed"
	if writes {
		how = "written"
	}
	why := ""
	if commented {
		why = " (its comment says it is guarded by " + g.short + ")"
	}
	a.reportf(fa.sel.Sel.Pos(), "field %s is %s under %s at %s%s, but %s without it here, in a %s started at %s",
		fld.Name(), how, g.name, joinAnd(where), why, verb(fa.write), kindOf(s), a.pos(s.Pos()))
}

// lockedAt names up to three positions of the locked accesses to cite:
// the locked writes for a read, any locked access for a write; writes
// says whether one of those named is a write.
func (a *checker) lockedAt(locked []fieldAccess, write bool) (where []string, writes bool) {
	for _, l := range locked {
		if !write && !l.write {
			continue
		}
		writes = writes || l.write
		p := a.pos(l.sel.Pos())
		if slices.Contains(where, p) {
			continue
		}
		if len(where) == 3 {
			where = append(where, "...")
			break
		}
		where = append(where, p)
	}
	return where, writes
}

func holds(held []lockset.Lock, class string) bool {
	for _, l := range held {
		if guardClass(l) == class {
			return true
		}
	}
	return false
}

// guardClass names a lock for guard questions: its order class, the same
// for every path to it (w.hub.mu and h.mu are both (Hub).mu), or its
// class when it has none (a local lock).
func guardClass(l lockset.Lock) string {
	if l.Order != "" {
		return l.Order
	}
	return l.Class
}

func joinAnd(s []string) string {
	if len(s) <= 1 {
		return strings.Join(s, "")
	}
	if s[len(s)-1] == "..." {
		return strings.Join(s[:len(s)-1], ", ") + ", ..."
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// ownValue reports whether the value a field selection starts from is a
// variable the function declared itself (a value it built, not yet
// shared), rather than a parameter, receiver or captured variable.
func (a *checker) ownValue(fn *funcs.Func, sel *ast.SelectorExpr) bool {
	// The variable the selection starts from: s for s.a.b[i].c.
	x := container(sel.X)
	for {
		e, ok := x.(*ast.SelectorExpr)
		if !ok {
			break
		}
		x = container(e.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return true // a call's result, a literal: not a shared variable
	}
	v, ok := a.pass.TypesInfo.Uses[id].(*types.Var)
	if !ok {
		return true
	}
	if v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
		return false
	}
	// A parameter or receiver of fn is shared with its caller.
	if ft := fn.Type; ft != nil {
		if ft.Pos() <= v.Pos() && v.Pos() < ft.End() {
			return false
		}
	}
	if decl, ok := fn.Node.(*ast.FuncDecl); ok && decl.Recv != nil {
		if decl.Recv.Pos() <= v.Pos() && v.Pos() < decl.Recv.End() {
			return false
		}
	}
	return hb.DeclaredIn(v, fn.Body)
}

var _ token.Pos

// concurrentWrite reports whether one of the locked accesses is a write
// that may run while the body spawned at s runs: any write but those of
// the starter before the spawn (cpu.done = make(chan bool) under the
// lock, then go profileWriter(w)), those of the body itself (a goroutine
// that locks to write what it alone writes, for the others that read,
// may read it without the lock), and those after a point that may order
// them after the body (teardown: <-ls.done, which the body closes, then
// ls.Listener = nil).
func (a *checker) concurrentWrite(locked []fieldAccess, s *tasks.Spawn) bool {
	for _, fa := range locked {
		if !fa.write {
			continue
		}
		if fa.fn == s.In && fa.sel.Pos() < s.Pos() || fa.fn == s.Body || a.onlyFrom(fa.fn, s.Body, 0) {
			continue
		}
		if a.hb.OrderedBefore(fa.fn, fa.sel, a.hb.Mentions(s.Body, false)) {
			continue
		}
		return true
	}
	return false
}

// onlyFrom reports whether fn, an unexported function or method, is
// used only by body, directly or through other such functions: its
// locked writes are the body's own, later in its program order (a
// watcher's goroutine that reads its start revision, then broadcasts
// under the lock).
func (a *checker) onlyFrom(fn, body *funcs.Func, depth int) bool {
	if fn == nil || fn.Obj == nil || fn.Obj.Exported() || depth > 2 {
		return false
	}
	users := a.usersOf()[fn.Obj]
	if len(users) == 0 {
		return false
	}
	for _, u := range users {
		if u != body && !a.onlyFrom(u, body, depth+1) {
			return false
		}
	}
	return true
}

// usersOf maps each function and method of the package to the functions
// whose bodies name it (a call, or a method value), computed once.
func (a *checker) usersOf() map[*types.Func][]*funcs.Func {
	if a.users != nil {
		return a.users
	}
	a.users = make(map[*types.Func][]*funcs.Func)
	for _, f := range a.ix.Funcs {
		if f.Body == nil {
			continue
		}
		ast.Inspect(f.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false // a function of its own
			case *ast.Ident:
				if obj, ok := a.pass.TypesInfo.Uses[n].(*types.Func); ok && obj.Pkg() == a.pass.Pkg {
					obj = obj.Origin()
					if !slices.Contains(a.users[obj], f) {
						a.users[obj] = append(a.users[obj], f)
					}
				}
			}
			return true
		})
	}
	return a.users
}
