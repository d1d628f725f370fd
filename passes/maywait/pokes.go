package maywait

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
)

// fieldStores is the package's stores into fields of class, less a
// test's pokes (poke).
func (p *peers) fieldStores(class string) []*ssa.Store {
	stores := p.prog.FieldStores(class)
	for i, st := range stores {
		if poke(st, st.Addr) {
			kept := append([]*ssa.Store(nil), stores[:i]...)
			for _, st := range stores[i+1:] {
				if !poke(st, st.Addr) {
					kept = append(kept, st)
				}
			}
			return kept
		}
	}
	return stores
}

// pokeOp reports whether op is a test's operation on an unexported
// channel field (poke), or on a channel the test made and poked into
// one (server.cChan = ch; ...; <-ch): the test drives the object with
// a channel of its own, outside the type's methods.
func pokeOp(op *chanflow.Op) bool {
	ld, ok := op.Chan.(*ssa.UnOp)
	if ok && ld.Op == token.MUL && poke(op.Instr, ld.X) {
		return true
	}
	mk, ok := op.Chan.(*ssa.MakeChan)
	if !ok || mk.Parent() != op.Fn {
		return false
	}
	uses := *mk.Referrers()
	for i := 0; i < len(uses); i++ {
		switch r := uses[i].(type) {
		case *ssa.ChangeType: // a send-only field: chan<- T
			uses = append(uses, *r.Referrers()...)
		case *ssa.Store:
			if poke(r, r.Addr) {
				return true
			}
		}
	}
	return false
}

// poke reports whether instr, which uses the field at addr, is a test's
// direct use of an unexported field of a type of the package's own code
// (not a test's): cache.stopped = false, cache.items.timerCh <- d,
// Cache{stopped: true}.
// It steps outside the type's methods, whose invariants (every send made
// under one lock, a flag the constructor sets and only a section
// clears) are what a wait in the package's own code rests on; a test
// that breaks them does so on purpose, to drive the code into a state.
// (A test that builds the object itself, bypassing its constructor,
// proves nothing of the package's code either.)
func poke(instr ssa.Instruction, addr ssa.Value) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok || instr.Parent() == nil {
		return false
	}
	fset := instr.Parent().Prog.Fset
	if !strings.HasSuffix(fset.Position(instr.Pos()).Filename, "_test.go") {
		return false
	}
	t := fa.X.Type().Underlying()
	if ptr, ok := t.(*types.Pointer); ok {
		t = ptr.Elem().Underlying()
	}
	st, ok := t.(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return false
	}
	f := st.Field(fa.Field)
	// A type the tests declare themselves is theirs: its fields are
	// used by its own methods.
	return !f.Exported() && !strings.HasSuffix(fset.Position(f.Pos()).Filename, "_test.go")
}

// pokeCall reports whether c is a test's direct call of fn, an
// unexported function of the package's own code (not a test's): a
// helper named for being called with a lock held (updateExpirations),
// which the test calls on its own, without it, to drive it. As with a
// poke, the test steps outside the invariant the package's callers keep.
func pokeCall(c ssa.CallInstruction, fn *ssa.Function) bool {
	if c.Parent() == nil || fn.Object() == nil || fn.Object().Exported() {
		return false
	}
	fset := fn.Prog.Fset
	return strings.HasSuffix(fset.Position(c.Pos()).Filename, "_test.go") &&
		!strings.HasSuffix(fset.Position(fn.Pos()).Filename, "_test.go")
}
