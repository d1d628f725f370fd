package lockacq

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/refs"
)

// A child object that calls back its owner: the owner builds it with a
// method value of its own in a func-valued field (c.order =
// &lruList{onEvict: c.evicted}, or c.order.onEvict = c.evicted), and a
// method of the child calls that field on its receiver. A call of that
// method on the owner's child (c.order.push(k)) then runs the owner's
// method on the owner: the locks it takes are the owner's (an LRU list
// that evicts under its cache's lock, into an evicted that takes it).

// ownerCallbacks returns the locks a call x.g.m(...) takes on x through
// the callbacks of x's child x.g that m calls (m's own calls of a
// func-valued field of its receiver).
func (r *Result) ownerCallbacks(call *ast.CallExpr) []Site {
	info := r.pass.TypesInfo
	sel, ok := astutil.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || info.Selections[sel] == nil || info.Selections[sel].Kind() != types.MethodVal {
		return nil
	}
	child, ok := astutil.Unparen(sel.X).(*ast.SelectorExpr)
	if !ok || info.Selections[child] == nil || info.Selections[child].Kind() != types.FieldVal {
		return nil
	}
	g, _ := info.Selections[child].Obj().(*types.Var)
	key, name, ok := r.locks.Path(child.X)
	if !ok || g == nil {
		return nil
	}
	prog := r.cf.Program()
	c := prog.CallAt(call.Lparen)
	if c == nil {
		return nil
	}
	m := c.Common().StaticCallee()
	if m == nil || m.Blocks == nil || m.Signature.Recv() == nil || len(m.Params) == 0 {
		return nil
	}
	var out []Site
	for _, fc := range recvFieldCalls(m) {
		class := prog.Of(fc.fa).Class
		if class == "" {
			continue
		}
		through := types.ExprString(fieldCallSyntax(m, fc.call))
		for _, st := range prog.FieldStores(class) {
			cb, owner := boundMethod(st.Val)
			if cb == nil || !ownersChild(prog, st.Addr.(*ssa.FieldAddr).X, owner, g) {
				continue
			}
			out = append(out, r.boundSites(prog, cb, owner, prog.Of(owner), key, name, call, st.Pos(), through)...)
		}
	}
	return out
}

// A fieldCall is a call of a func-valued field of a method's receiver.
type fieldCall struct {
	call ssa.CallInstruction
	fa   *ssa.FieldAddr
}

// recvFieldCalls returns m's calls of func-valued fields of its receiver
// (l.onEvict(k)).
func recvFieldCalls(m *ssa.Function) []fieldCall {
	var out []fieldCall
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok || c.Common().IsInvoke() {
				continue
			}
			if fa := loadedField(c.Common().Value); fa != nil && fa.X == m.Params[0] {
				out = append(out, fieldCall{c, fa})
			}
		}
	}
	return out
}

// fieldCallSyntax returns the function expression of a field call, for
// messages (l.onEvict).
func fieldCallSyntax(m *ssa.Function, c ssa.CallInstruction) ast.Expr {
	if call := refs.SyntaxAt[*ast.CallExpr](m, c.Common().Pos()); call != nil {
		return call.Fun
	}
	return ast.NewIdent("the callback")
}

// ownersChild reports whether base, the object a callback is stored in,
// is owner's field g: loaded from it (owner.g.f = owner.m), or a value
// its function stores there (owner.g = &child{f: owner.m}).
func ownersChild(prog *refs.Program, base, owner ssa.Value, g *types.Var) bool {
	if owner == nil {
		return false
	}
	isG := func(fa *ssa.FieldAddr) bool {
		return refs.FieldOf(fa) == g && refs.Same(prog.Of(fa.X), prog.Of(owner))
	}
	if ld, ok := base.(*ssa.UnOp); ok {
		if fa, ok := ld.X.(*ssa.FieldAddr); ok {
			return isG(fa)
		}
		return false
	}
	if _, ok := base.(*ssa.Alloc); !ok {
		return false
	}
	for _, ref := range *base.Referrers() {
		if st, ok := ref.(*ssa.Store); ok && st.Val == base {
			if fa, ok := st.Addr.(*ssa.FieldAddr); ok && isG(fa) {
				return true
			}
		}
	}
	return false
}
