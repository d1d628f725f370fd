package unsafeshare

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	ssaaccess "github.com/asynclint/asynclint/passes/access"
	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/refs"
)

// published reports a write to an object a function has just made,
// after it handed the object to a call of the package that stores it,
// under a lock, where other goroutines find it (c.Add(o) appends o to
// c.objs holding c.mu), when a function that a goroutine the package
// starts runs reads that field of values of the type: from the store
// on, the goroutine may read the field while the maker writes it.
//
//	o := &Object{Name: name, Labels: map[string]string{"app": name}}
//	c.Add(o)
//	o.Labels["owner"] = team // the syncer ranges over o.Labels
//
// The store must be under a lock the callee takes (a cache shared on
// purpose), the call must come before the write on every path to it,
// and the maker must hold no lock at the write.
func (r *racer) published() {
	readers := make(map[string]*ssaaccess.Access)
	var readerStart = make(map[string]*chanflow.Start)
	for _, fn := range r.prog.Funcs {
		var start *chanflow.Start
		for _, s := range r.runs[fn] {
			if s != nil {
				start = s
				break
			}
		}
		if start == nil {
			continue
		}
		for _, a := range r.acc.Of(fn) {
			if a.Write || a.Atomic || a.Ref.Class == "" || readers[a.Ref.Class] != nil {
				continue
			}
			readers[a.Ref.Class], readerStart[a.Ref.Class] = a, start
		}
	}
	if len(readers) == 0 {
		return
	}
	memo := make(map[pubKey]bool)
	for _, fn := range r.prog.Funcs {
		if posfmt.InTest(r.prog.Pkg.Prog.Fset, fn.Pos()) {
			continue
		}
		for _, w := range r.acc.Of(fn) {
			rd := readers[w.Ref.Class]
			if !w.Write || w.Atomic || rd == nil || rd.Fn == fn {
				continue
			}
			obj, ok := w.Ref.Root.(*ssa.Alloc)
			if !ok || obj.Parent() != fn || !obj.Heap {
				continue
			}
			call := r.publishedBy(fn, obj, w.Instr, memo)
			if call == nil || r.locksIn(fn) {
				continue
			}
			if r.c.reportedLine(w.Pos) {
				continue
			}
			field, ok := pubField(w)
			if !ok {
				continue
			}
			name := madeName(fn, w.Pos, obj)
			r.c.reportf(w.Pos, "%s.%s is written here after %s (%s) stored %s where other goroutines find it, under a lock, and the goroutine started at %s reads %s (%s in %s): nothing orders the two; finish %s before it is stored, or write it under that lock",
				name, field.Name(), callName(call), r.c.pos(call.Pos()), name,
				r.c.pos(readerStart[w.Ref.Class].Instr.Pos()), fieldDisplay(obj, field), r.c.pos(rd.Pos), funcDisplay(rd.Fn), name)
		}
	}
}

// madeName returns how the source names the made object at a write
// (the o of o.Labels[k] = v), or the SSA's comment for it.
func madeName(fn *ssa.Function, pos token.Pos, obj *ssa.Alloc) string {
	name := obj.Comment
	if fn.Syntax() == nil {
		return name
	}
	sel := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if ix, ok := e.(*ast.IndexExpr); ok {
			e = ast.Unparen(ix.X)
		}
		if s, ok := e.(*ast.SelectorExpr); ok {
			name = types.ExprString(s.X)
			return true
		}
		return false
	}
	ast.Inspect(fn.Syntax(), func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			if x.Sel.Pos() == pos {
				name = types.ExprString(x.X)
				return false
			}
		case *ast.IndexExpr:
			if x.Lbrack == pos && sel(x) {
				return false
			}
		case *ast.AssignStmt:
			if x.TokPos == pos && len(x.Lhs) > 0 && sel(x.Lhs[0]) {
				return false
			}
		}
		return true
	})
	return name
}

// pubField returns the field a write to a made object stores into, or
// whose map it updates.
func pubField(w *ssaaccess.Access) (*types.Var, bool) {
	var fa *ssa.FieldAddr
	switch x := w.Instr.(type) {
	case *ssa.Store:
		fa, _ = x.Addr.(*ssa.FieldAddr)
	case *ssa.MapUpdate:
		if ld, ok := x.Map.(*ssa.UnOp); ok && ld.Op == token.MUL {
			fa, _ = ld.X.(*ssa.FieldAddr)
		}
	}
	if fa == nil {
		return nil, false
	}
	f := refs.FieldOf(fa)
	return f, f != nil
}

// fieldDisplay names a field of the type of the object a maker made:
// "Object.Labels".
func fieldDisplay(obj *ssa.Alloc, f *types.Var) string {
	if n := model.NamedOf(deref(obj.Type())); n != nil {
		return n.Name() + "." + f.Name()
	}
	return f.Name()
}

// funcDisplay names a function for a message: "deepCopy", "(*Syncer).run",
// "a func literal in (*Table).Watch".
func funcDisplay(fn *ssa.Function) string {
	if fn.Parent() != nil {
		for fn.Parent() != nil {
			fn = fn.Parent()
		}
		return "a func literal in " + fn.RelString(fn.Pkg.Pkg)
	}
	return fn.RelString(fn.Pkg.Pkg)
}

type pubKey struct {
	fn *ssa.Function
	i  int
}

func callName(c ssa.CallInstruction) string {
	if f := c.Common().StaticCallee(); f != nil {
		if recv := f.Signature.Recv(); recv != nil {
			return "(" + types.TypeString(recv.Type(), func(*types.Package) string { return "" }) + ")." + f.Name()
		}
		return f.Name()
	}
	return "the call"
}

// publishedBy returns a call of fn, before instr on every path to it,
// that passes obj to a function of the package storing that parameter
// under a lock (publishes).
func (r *racer) publishedBy(fn *ssa.Function, obj *ssa.Alloc, instr ssa.Instruction, memo map[pubKey]bool) ssa.CallInstruction {
	for _, ref := range *obj.Referrers() {
		c, ok := ref.(*ssa.Call)
		if !ok {
			continue
		}
		callee := c.Common().StaticCallee()
		if callee == nil || callee.Pkg != fn.Pkg || len(callee.Blocks) == 0 {
			continue
		}
		args := c.Common().Args
		for i, a := range args {
			if a != ssa.Value(obj) || i >= len(callee.Params) {
				continue
			}
			if !before(c, instr) {
				continue
			}
			k := pubKey{callee, i}
			v, ok := memo[k]
			if !ok {
				v = r.publishes(callee, callee.Params[i])
				memo[k] = v
			}
			if v {
				return c
			}
		}
	}
	return nil
}

// before reports whether a comes before b on every path to b: a's block
// dominates b's, and in one block a is first.
func before(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, x := range a.Block().Instrs {
		if x == a {
			return true
		}
		if x == b {
			return false
		}
	}
	return false
}

// publishes reports whether fn stores p into a field or a package
// variable (itself, or appended to a slice stored there, or as a map's
// value) and takes a lock.
func (r *racer) publishes(fn *ssa.Function, p *ssa.Parameter) bool {
	stored := false
	for _, ref := range *p.Referrers() {
		switch x := ref.(type) {
		case *ssa.Store:
			if x.Val == ssa.Value(p) && (isShared(x.Addr) || appended(x.Addr)) {
				stored = true
			}
		case *ssa.MapUpdate:
			if x.Value == ssa.Value(p) {
				if ld, ok := x.Map.(*ssa.UnOp); ok && ld.Op == token.MUL && isShared(ld.X) {
					stored = true
				}
			}
		}
	}
	return stored && r.locksIn(fn)
}

// isShared reports whether an address is a field's or a package
// variable's.
func isShared(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.FieldAddr, *ssa.Global:
		return true
	}
	return false
}

// appended reports whether addr is an element of the variadic array
// of an append whose result is stored in a field or a package variable
// (c.objs = append(c.objs, o)).
func appended(addr ssa.Value) bool {
	ia, ok := addr.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, ref := range *arr.Referrers() {
		sl, ok := ref.(*ssa.Slice)
		if !ok {
			continue
		}
		for _, sref := range *sl.Referrers() {
			call, ok := sref.(*ssa.Call)
			if !ok {
				continue
			}
			if b, ok := call.Common().Value.(*ssa.Builtin); !ok || b.Name() != "append" {
				continue
			}
			for _, cref := range *call.Referrers() {
				if st, ok := cref.(*ssa.Store); ok && st.Val == ssa.Value(call) && isShared(st.Addr) {
					return true
				}
			}
		}
	}
	return false
}

// locksIn reports whether fn itself takes some lock (takesLock's memo).
func (r *racer) locksIn(fn *ssa.Function) bool { return len(r.takenBy(fn)) > 0 }
