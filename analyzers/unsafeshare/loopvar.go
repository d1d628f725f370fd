package unsafeshare

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/model"
)

// loopVars reports a goroutine or task started in a loop that reads a
// variable declared outside the loop (before Go 1.22, the loop's own
// variables: one for all iterations) which the loop writes again for its
// next iteration while the goroutine may still read it. The SSA form
// follows each file's Go version (types.Info.FileVersions): from Go 1.22
// a loop variable is a new variable in each iteration, and is not
// reported.
func (r *racer) loopVars() {
	for _, s := range r.starts {
		if !r.multi[s] {
			continue
		}
		for _, v := range r.handedIn(s) {
			alloc, ok := v.root.(*ssa.Alloc)
			if !ok || alloc.Parent() != s.In || r.loops[s][alloc.Block()] || r.reportedRoot[alloc] {
				continue
			}
			st := r.loopStore(s, alloc)
			if st == nil {
				continue
			}
			r.reportedRoot[alloc] = true
			how := ""
			if v.how != "" {
				how = " (through &" + alloc.Comment + v.how + ")"
			}
			kind := "goroutine"
			if s.Kind != model.Goroutine {
				kind = "task"
			}
			r.c.reportf(s.Pos, "the %s started here reads %s%s, which the loop writes again at %s for its next iteration while the %s may still read it (a loop variable is one variable for all iterations before Go 1.22): pass its value as an argument, or copy it inside the loop",
				kind, alloc.Comment, how, r.c.pos(st.Pos()), kind)
		}
	}
}

type handed struct {
	root ssa.Value
	how  string // the field path of an address passed
}

// handedIn lists the variables a start lets its goroutine read: those its
// function literal captures, and those whose address it passes.
func (r *racer) handedIn(s *chanflow.Start) []handed {
	var out []handed
	common := s.Instr.Common()
	vals := append([]ssa.Value{common.Value}, common.Args...)
	for _, v := range vals {
		if mc, ok := v.(*ssa.MakeClosure); ok {
			fn, _ := mc.Fn.(*ssa.Function)
			for i, b := range mc.Bindings {
				if fn != nil && i < len(fn.FreeVars) && len(*fn.FreeVars[i].Referrers()) > 0 {
					out = append(out, handed{b, ""})
				}
			}
			continue
		}
		if _, ok := v.Type().Underlying().(*types.Pointer); !ok {
			continue
		}
		ref := r.prog.Of(v)
		if ref.Root != nil && ref.Path != "" {
			out = append(out, handed{ref.Root, ref.Path})
		}
	}
	return out
}

// loopStore returns a store to the variable (or a field of it) in the
// loop around s that can run after s, or nil.
func (r *racer) loopStore(s *chanflow.Start, alloc *ssa.Alloc) *ssa.Store {
	for _, ref := range *alloc.Referrers() {
		st, ok := ref.(*ssa.Store)
		if ok && st.Addr == alloc && r.loops[s][st.Block()] && r.after(s.Instr, st) && st.Pos().IsValid() {
			return st
		}
	}
	return nil
}
