package chanflow

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/internal/blocks"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/refs"
)

// Leave is the proof that a blocking send may wait forever: every
// receive of its channel is a case of a select that can stop receiving
// for good by another case (a stop channel, ctx.Done(), a timeout) whose
// clause leaves the receiving loop or function.
type Leave struct {
	// Recv is a receive of the channel, a case of the select.
	Recv *Op
	// Case is the clause that leaves; Comm its communication, for
	// messages ("<-s.stop").
	Case *ast.CommClause
	Comm string
}

// Abandoned returns why the blocking send op may wait forever when the
// goroutine on the other end leaves first, or nil. The send is bare (not
// a case of a select with another way out); its channel is not open and
// has a constant capacity: unbuffered, or buffered and sent on in a loop
// (so the buffer fills) without waiting for the reply to each value
// (awaitsReply); and every receive of the channel is a case of a
// select that has a leaving case. A case on a channel the sending
// function closes or sends on itself does not count: the sender has
// signalled it, and is gone or about to be, when it is taken. Neither
// does a case that ends in a call that never returns, nor one after
// which the receiving function closes the channel it stopped receiving
// from (closesLeaving). A send of a test, and one a test receives
// (leave), are not reported.
func (r *Result) Abandoned(op *Op) *Leave {
	if op.Kind != Send || !bare(op) {
		return nil
	}
	if r.inTest(op.Pos) {
		// A test sending to the object it set up (ps.eval <- f): the
		// receiver leaves when the test's ctx or stop says so, and the
		// test says so when it is over.
		return nil
	}
	c := r.ChanOf(op.Chan)
	if c == nil || c.Open {
		return nil
	}
	k, ok := c.Cap()
	if !ok || k > 0 && (c.Roomy() || !(InCycle(op.Instr.Block()) && r.sameEachIteration(op)) || r.awaitsReply(op, c)) {
		return nil
	}
	var first *Leave
	for _, rv := range c.Ops {
		if rv.Kind != Recv && rv.Kind != Range {
			continue
		}
		if rv.Kind == Range || rv.Select == nil || !rv.Select.Blocking {
			return nil
		}
		l := r.leave(rv, c, op.Fn)
		if l == nil {
			return nil
		}
		if first == nil {
			first = l
		}
	}
	return first
}

// bare reports whether op waits on its channel alone: not a case of a
// select with another case or a default.
func bare(op *Op) bool {
	return op.Select == nil || op.Select.Blocking && len(op.Select.States) == 1
}

// leave returns the clause of rv's select that stops receiving from c
// for good, or nil.
func (r *Result) leave(rv *Op, c *Chan, sender *ssa.Function) *Leave {
	sel := r.selectAt(rv.Select.Pos())
	if sel == nil {
		return nil
	}
	loop := InCycle(rv.Select.Block())
	for _, st := range rv.Select.States {
		if r.ChanOf(st.Chan) == c {
			continue
		}
		d := r.ChanOf(st.Chan)
		if d != nil && r.signals(d, sender) {
			continue
		}
		if d != nil && d.neverReady() {
			continue // nothing makes that case ready: it never leaves
		}
		cc := clauseAt(sel, st.Pos)
		if cc == nil || r.endsInExit(cc.Body) || loop && !leavesAlways(cc.Body) {
			continue
		}
		if r.inTest(rv.Pos) {
			continue // a test that stops waiting is failing or over
		}
		if r.closesLeaving(rv, c, cc) {
			continue // the close wakes the sender
		}
		return &Leave{Recv: rv, Case: cc, Comm: commExpr(cc.Comm)}
	}
	return nil
}

// closesLeaving reports whether the function of rv, a case of a select,
// closes rv's channel (the same value, by refs.Same: not merely one of
// c's class) whenever the select leaves by clause cc: a close deferred
// before the select (defer close(ch), or a deferred literal that closes
// it on entry), which runs when the function returns, or one among cc's
// statements before anything that could leave it. The close wakes a
// sender blocked on the channel: it panics, and may recover; that is
// chanclose's business. The sender is not abandoned.
func (r *Result) closesLeaving(rv *Op, c *Chan, cc *ast.CommClause) bool {
	prog := r.Program()
	recv := prog.Of(rv.Chan)
	for _, op := range c.Ops {
		if op.Kind != Close || !refs.Same(prog.Of(op.Chan), recv) {
			continue
		}
		switch in := op.Instr.(type) {
		case *ssa.Defer:
			if op.Fn == rv.Fn && blocks.Precedes(in, rv.Select) {
				return true
			}
		case *ssa.Call:
			if op.Fn == rv.Fn && closesFirst(cc.Body, op.Pos) {
				return true
			}
			// defer func() { close(ch) }(): the literal closes on entry.
			if op.Fn.Parent() == rv.Fn && in.Block() == op.Fn.Blocks[0] {
				for _, d := range deferrals(rv.Fn, op.Fn) {
					if blocks.Precedes(d, rv.Select) {
						return true
					}
				}
			}
		}
	}
	return false
}

// deferrals returns the defer statements of fn that defer a call of lit.
func deferrals(fn, lit *ssa.Function) []*ssa.Defer {
	var out []*ssa.Defer
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			if d, ok := in.(*ssa.Defer); ok {
				if mc, ok := d.Call.Value.(*ssa.MakeClosure); ok && mc.Fn == lit {
					out = append(out, d)
				}
			}
		}
	}
	return out
}

// closesFirst reports whether the close at pos is a statement of body
// that no statement before it can leave the clause around (a return, a
// break, continue or goto, panic).
func closesFirst(body []ast.Stmt, pos token.Pos) bool {
	for _, s := range body {
		if es, ok := s.(*ast.ExprStmt); ok {
			if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok && call.Lparen == pos {
				return true
			}
		}
		leaves := false
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt, *ast.BranchStmt:
				leaves = true
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok && id.Name == "panic" {
					leaves = true
				}
			}
			return !leaves
		})
		if leaves {
			return false
		}
	}
	return false
}

// Watches returns a receive of fn, a case of a select whose clause
// returns, on a channel other than except: fn stops on that signal (a
// stop channel, ctx.Done()) there. Nil if there is none.
func (r *Result) Watches(fn *ssa.Function, except *Chan) *Op {
	f := r.get()
	f.watchOnce.Do(func() {
		f.selectRecvs = make(map[*ssa.Function][]*Op)
		for _, c := range f.chans {
			for _, op := range c.Ops {
				if op.Kind == Recv && op.Select != nil {
					f.selectRecvs[op.Fn] = append(f.selectRecvs[op.Fn], op)
				}
			}
		}
	})
	for _, op := range f.selectRecvs[fn] {
		if f.byValue[op.Chan] == except {
			continue
		}
		sel := r.selectAt(op.Select.Pos())
		if sel == nil {
			continue
		}
		if cc := clauseAt(sel, op.Pos); cc != nil && leavesLoop(cc.Body) {
			return op
		}
	}
	return nil
}

// signals reports whether fn (or a function it calls, or one that runs
// on the same goroutine as fn) closes or sends on c: the sender itself
// gives the signal, once it sends no more. Not when goroutines started
// in a loop run fn: one of them gives the signal, and the others, still
// sending, are left behind (the first error returned, the results of
// the other fetches never taken).
func (r *Result) signals(c *Chan, fn *ssa.Function) bool {
	for _, s := range r.RunBy(fn) {
		if s.Target() == fn && InCycle(s.Instr.Block()) {
			return false
		}
	}
	for _, op := range c.Ops {
		if op.Kind != Close && op.Kind != Send {
			continue
		}
		if op.Fn == fn || sameGoroutine(r.RunBy(op.Fn), r.RunBy(fn)) || r.calls(op.Fn, fn) {
			return true
		}
		for _, callee := range r.Callees(fn) {
			if op.Fn == callee {
				return true
			}
		}
	}
	return false
}

func sameGoroutine(a, b []*Start) bool {
	for _, s := range a {
		for _, t := range b {
			if s == t {
				return true
			}
		}
	}
	return false
}

// sameEachIteration reports whether the channel a send in a loop sends
// on is the same every time round: not reached from a value made in the
// loop (a request's reply channel received in each iteration).
func (r *Result) sameEachIteration(op *Op) bool {
	// A channel looked up in a map (r, ok := pending[id]) inside the loop
	// is the element for this iteration's key.
	if def := mapLookup(op.Chan); def != nil && def.Block() != nil && def.Parent() == op.Fn &&
		Reaches(def.Block(), op.Instr.Block()) && Reaches(op.Instr.Block(), def.Block()) {
		return false
	}
	root, ok := r.Program().Of(op.Chan).Root.(ssa.Instruction)
	if !ok || root.Block() == nil || root.Parent() != op.Fn {
		return true
	}
	return !(Reaches(root.Block(), op.Instr.Block()) && Reaches(op.Instr.Block(), root.Block()))
}

// mapLookup returns the instruction that reads v out of a map (m[k], or
// the value of v, ok := m[k]), or nil.
func mapLookup(v ssa.Value) ssa.Instruction {
	switch v := v.(type) {
	case *ssa.Lookup:
		return v
	case *ssa.Extract:
		if _, ok := v.Tuple.(*ssa.Lookup); ok && v.Index == 0 {
			return v
		}
	}
	return nil
}

// Reaches reports whether b can run after a (a == b counts when b is in
// a cycle).
func Reaches(a, b *ssa.BasicBlock) bool {
	if a == b {
		return InCycle(a)
	}
	seen := map[*ssa.BasicBlock]bool{a: true}
	stack := append([]*ssa.BasicBlock(nil), a.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, x.Succs...)
		}
	}
	return false
}

// leavesAlways reports whether a clause body always leaves the function
// or a labelled loop: one of its statements, not under a condition, is
// a return, a labelled break or a goto. A return under an if (when a
// counter of live senders reaches zero) is not proof the senders are
// abandoned.
func leavesAlways(body []ast.Stmt) bool {
	for _, s := range body {
		switch s := s.(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			if s.Label != nil && s.Tok != token.CONTINUE {
				return true
			}
		}
	}
	return false
}

// endsInExit reports whether a clause ends in a call that never returns
// (t.Fatal, log.Fatal, panic): the test or the program is over.
func (r *Result) endsInExit(body []ast.Stmt) bool {
	return model.EndsInExit(r.get().pass.TypesInfo, body)
}

// leavesLoop reports whether a clause body leaves the function or a
// labelled loop: a return, a labelled break or continue, a goto.
func leavesLoop(body []ast.Stmt) bool {
	found := false
	for _, s := range body {
		ast.Inspect(s, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				found = true
			case *ast.BranchStmt:
				if n.Label != nil && n.Tok != token.CONTINUE {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// clauseAt returns the clause of sel whose communication holds pos.
func clauseAt(sel *ast.SelectStmt, pos token.Pos) *ast.CommClause {
	for _, s := range sel.Body.List {
		cc, ok := s.(*ast.CommClause)
		if ok && cc.Comm != nil && cc.Comm.Pos() <= pos && pos < cc.Comm.End() {
			return cc
		}
	}
	return nil
}

// commExpr returns the send or receive expression of a communication.
func commExpr(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return types.ExprString(s.X)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			return types.ExprString(s.Rhs[0])
		}
	case *ast.SendStmt:
		return types.ExprString(s.Chan) + " <- " + types.ExprString(s.Value)
	}
	return "a case"
}

// selectAt returns the select statement whose keyword is at pos.
func (r *Result) selectAt(pos token.Pos) *ast.SelectStmt {
	f := r.get()
	f.selectsOnce.Do(func() {
		f.selects = make(map[token.Pos]*ast.SelectStmt)
		for _, file := range f.pass.Files {
			ast.Inspect(file, func(n ast.Node) bool {
				if s, ok := n.(*ast.SelectStmt); ok {
					f.selects[s.Select] = s
				}
				return true
			})
		}
	})
	return f.selects[pos]
}

// InCycle reports whether the block b can run again after itself: it is
// in a loop of its function.
func InCycle(b *ssa.BasicBlock) bool {
	if b == nil {
		return false
	}
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if seen[x] {
			continue
		}
		seen[x] = true
		stack = append(stack, x.Succs...)
	}
	return false
}

type selectIndex struct {
	selectsOnce sync.Once
	selects     map[token.Pos]*ast.SelectStmt
	watchOnce   sync.Once
	selectRecvs map[*ssa.Function][]*Op
}

// Display returns how a message names c: a field's class without its
// package path ("T.ch"), a package variable as "p.v", or the variable's
// name.
func (c *Chan) Display() string { return ShortName(c.Name) }

// ShortName drops the package path from a class or a qualified name:
// "(example.com/p.T).ch" is "T.ch", "example.com/p.v" is "p.v".
func ShortName(name string) string {
	if strings.HasPrefix(name, "(") {
		if j := strings.IndexByte(name, ')'); j > 0 {
			typ := name[1:j]
			return typ[strings.LastIndexByte(typ, '.')+1:] + name[j+1:]
		}
	}
	return name[strings.LastIndexByte(name, '/')+1:]
}

// calls reports whether from reaches to through the package's calls, on
// its own goroutine.
func (r *Result) calls(from, to *ssa.Function) bool {
	seen := map[*ssa.Function]bool{from: true}
	stack := []*ssa.Function{from}
	for len(stack) > 0 {
		fn := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, c := range r.Callees(fn) {
			if c == to {
				return true
			}
			if !seen[c] {
				seen[c] = true
				stack = append(stack, c)
			}
		}
	}
	return false
}

// inTest reports whether pos is in a _test.go file.
func (r *Result) inTest(pos token.Pos) bool {
	return posfmt.InTest(r.get().pass.Fset, pos)
}

// openField reports whether a field class ("(example.com/p.T).ch",
// perhaps with "[]" steps) names a field other packages can use: a field
// of a type declared in another package (a test package using the
// package's type), or an exported field of an exported type.
func openField(class, pkg string) bool {
	if !strings.HasPrefix(class, "(") {
		return false
	}
	j := strings.IndexByte(class, ')')
	if j < 0 {
		return false
	}
	typ := class[1:j]
	dot := strings.LastIndexByte(typ, '.')
	if dot < 0 {
		return false
	}
	if typ[:dot] != pkg {
		return true
	}
	field := strings.TrimPrefix(class[j+1:], ".")
	if k := strings.IndexAny(field, ".["); k >= 0 {
		field = field[:k]
	}
	return token.IsExported(typ[dot+1:]) && token.IsExported(field)
}

// neverReady reports whether a receive from c never completes: it is
// made in the package, no code outside can use it, and nothing sends on
// it or closes it.
func (c *Chan) neverReady() bool {
	return !c.Open && len(c.Makes) > 0 && !c.Has(Send, nil) && !c.Has(Close, nil)
}
