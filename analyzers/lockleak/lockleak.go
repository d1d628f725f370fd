package lockleak

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/asynclint/asynclint/internal/analysisdoc"
	"github.com/asynclint/asynclint/internal/conds"
	"github.com/asynclint/asynclint/passes/funcs"
	"github.com/asynclint/asynclint/passes/lockacq"
	"github.com/asynclint/asynclint/passes/lockset"
	"github.com/asynclint/asynclint/passes/model"
	"github.com/asynclint/asynclint/passes/posfmt"
	"github.com/asynclint/asynclint/passes/tasks"
)

//go:embed doc.go
var doc string

var Analyzer = &analysis.Analyzer{
	Name:     "lockleak",
	Doc:      analysisdoc.Extract(doc, "lockleak"),
	URL:      "https://github.com/asynclint/asynclint/blob/main/analyzers/lockleak/doc.go",
	Requires: []*analysis.Analyzer{funcs.Analyzer, lockset.Analyzer, tasks.Analyzer},
	Run:      run,
}

// panics turns on the report of panics that leave a lock held
// (-lockleak.panics). It is off by default: over the standard library
// and golang.org/x/tools, every such panic was an assertion ("unreachable",
// "unknown stream id") that crashes the program, not a path a caller
// recovers from.
var panics bool

func init() {
	Analyzer.Flags.BoolVar(&panics, "panics", false,
		"also report panics that leave a lock held without a deferred unlock")
}

func run(pass *analysis.Pass) (any, error) {
	locks := pass.ResultOf[lockset.Analyzer].(*lockset.Result)
	if !locks.TakesAny() {
		return nil, nil // the cheap gate: no function here takes a lock
	}
	ix := pass.ResultOf[funcs.Analyzer].(*funcs.Index)
	spawns := pass.ResultOf[tasks.Analyzer].(*tasks.Result)
	cr := newCallers(ix, locks)
	for _, fn := range ix.Funcs {
		checkMismatch(pass, locks, fn)
		checkHandOff(pass, locks, spawns, fn)
		checkCollected(pass, locks, fn)
		unlocks := locks.UnlockOps(fn)
		if len(unlocks) == 0 {
			continue // never released here: not this function's to release
		}
		flow := locks.Flow(fn)
		if flow == nil {
			continue
		}
		for _, x := range flow.Exits() {
			if x.Kind == lockset.Panic && !panics {
				continue
			}
			for _, l := range x.Held {
				if slices.Contains(x.Released, lockset.KeyMode{Key: l.Key, Mode: l.Mode}) {
					continue // the caller's lock, released and taken back
				}
				u, ok := unlockOf(unlocks, l)
				if !ok || locks.ReturnsHolding(fn, l) && spawns.OnlyBody(fn) == nil || handsOut(pass, locks, fn, l) {
					continue
				}
				if x.Kind == lockset.Return && (conditionalHelper(pass, fn, flow, x, l) || cr.callersRelease(fn, l)) {
					continue
				}
				if flow.After(x, l) == lockset.Released {
					continue
				}
				report(pass, fn, x, l, u)
				break // one report per exit
			}
		}
	}
	return nil, nil
}

// handsOut reports whether fn gives its caller the lock's address as a
// result (return &c.rlock, or lock = &c.rlock for a named result): the
// caller, who gets the lock held, releases it.
func handsOut(pass *analysis.Pass, locks *lockset.Result, fn *funcs.Func, l lockset.Lock) bool {
	sig, _ := pass.TypesInfo.TypeOf(fn.Type).(*types.Signature)
	if fn.Obj != nil {
		sig = fn.Obj.Signature()
	}
	if sig == nil || sig.Results().Len() == 0 {
		return false
	}
	isResult := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		for v := range sig.Results().Variables() {
			if pass.TypesInfo.ObjectOf(id) == v {
				return true
			}
		}
		return false
	}
	isAddr := func(e ast.Expr) bool {
		u, ok := ast.Unparen(e).(*ast.UnaryExpr)
		if !ok || u.Op != token.AND {
			return false
		}
		k, ok := locks.PathOf(u.X)
		return ok && k == l.Key
	}
	found := false
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = found || slices.ContainsFunc(n.Results, isAddr)
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if i < len(n.Rhs) && isResult(lhs) && isAddr(n.Rhs[i]) {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// unlockOf returns where fn releases l: the first release after the lock,
// else the first.
func unlockOf(unlocks []lockset.UnlockOp, l lockset.Lock) (lockset.UnlockOp, bool) {
	var first *lockset.UnlockOp
	for i, u := range unlocks {
		if u.Lock.Key != l.Key || u.Lock.Mode != l.Mode {
			continue
		}
		if u.Pos > l.Pos {
			return u, true
		}
		if first == nil {
			first = &unlocks[i]
		}
	}
	if first == nil {
		return lockset.UnlockOp{}, false
	}
	return *first, true
}

// conditionalHelper reports whether fn is a conditional lock helper: it
// returns holding l with a success value (true, a nil error), and every
// return that does not hold l returns a failure (false, a non-nil
// error). Such a function locks on success by design (if s.lockIfOpen()
// { defer s.mu.Unlock(); ... }).
func conditionalHelper(pass *analysis.Pass, fn *funcs.Func, flow *lockset.Flow, x lockset.Exit, l lockset.Lock) bool {
	ret, ok := x.Node.(*ast.ReturnStmt)
	if !ok || fn.Type.Results == nil {
		return false
	}
	o := outcomes{info: pass.TypesInfo, checked: checkedNonNil(pass.TypesInfo, fn.Body)}
	for _, f := range fn.Type.Results.List {
		t := pass.TypesInfo.TypeOf(f.Type)
		if t == nil {
			return false // a type error: no judgement
		}
		k := 0
		if b, ok := t.Underlying().(*types.Basic); ok && b.Kind() == types.Bool {
			k = 1
		} else if types.Identical(t, types.Universe.Lookup("error").Type()) {
			k = 2
		}
		n := max(len(f.Names), 1)
		for range n {
			o.kinds = append(o.kinds, k)
		}
	}
	if ok, _ := o.of(ret); !ok {
		return false
	}
	holding := make(map[ast.Node]bool)
	for _, y := range flow.Exits() {
		for _, h := range y.Held {
			if h.Key == l.Key && h.Mode == l.Mode {
				holding[y.Node] = true
			}
		}
	}
	failing := true
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if !holding[n] {
				if _, fail := o.of(n); !fail {
					failing = false
				}
			}
		}
		return failing
	})
	return failing
}

// outcomes tells a function's successful returns (true, a nil error)
// from its failures (false, an error known not to be nil).
type outcomes struct {
	info    *types.Info
	kinds   []int                        // per result: 1 bool, 2 error, 0 other
	checked map[*ast.ReturnStmt][]string // the expressions found not nil, by their text
}

func (o *outcomes) of(ret *ast.ReturnStmt) (succ, fail bool) {
	if len(ret.Results) != len(o.kinds) {
		return false, false // a bare return or a multi-value call
	}
	for i, e := range ret.Results {
		id, _ := astutil.Unparen(e).(*ast.Ident)
		switch {
		case o.kinds[i] == 1 && id != nil && id.Name == "true":
			succ = true
		case o.kinds[i] == 1 && id != nil && id.Name == "false":
			fail = true
		case o.kinds[i] == 2 && id != nil && id.Name == "nil":
			succ = true
		case o.kinds[i] == 2 && o.nonNil(ret, e):
			fail = true
		case o.kinds[i] == 2:
			return false, false // os.Remove(path): nil when it succeeds
		}
	}
	return succ && !fail, fail && !succ
}

// nonNil reports whether e, returned as an error by ret, is known to be
// one: a sentinel, a variable ret returns under its if v != nil, a
// composite literal or its address, errors.New or fmt.Errorf, or
// ctx.Err(), returned once the context is done. Anything else may be
// nil, success: return os.Remove(path) after the unlock is no failure.
func (o *outcomes) nonNil(ret *ast.ReturnStmt, e ast.Expr) bool {
	switch e := astutil.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := o.info.Uses[e].(*types.Var)
		return ok && (v.Parent() == v.Pkg().Scope() || slices.Contains(o.checked[ret], e.Name))
	case *ast.CompositeLit:
		return true
	case *ast.SelectorExpr:
		v, ok := o.info.Uses[e.Sel].(*types.Var)
		return ok && (!v.IsField() || slices.Contains(o.checked[ret], types.ExprString(e))) // io.EOF, c.err
	case *ast.UnaryExpr:
		_, ok := astutil.Unparen(e.X).(*ast.CompositeLit)
		return ok && e.Op == token.AND
	case *ast.CallExpr:
		if fn := typeutil.StaticCallee(o.info, e); fn != nil {
			name := fn.FullName()
			return name == "errors.New" || name == "fmt.Errorf"
		}
		sel, ok := astutil.Unparen(e.Fun).(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Err" && model.IsContext(o.info.TypeOf(sel.X))
	}
	return false
}

// checkedNonNil maps each return of body to the variables and fields an
// enclosing if has found not nil (if err != nil, if c.err != nil, if err
// != nil && !retry(err)), by their text. A store between the test and
// the return is not looked for: err = nil; return err is not written.
func checkedNonNil(info *types.Info, body *ast.BlockStmt) map[*ast.ReturnStmt][]string {
	out := make(map[*ast.ReturnStmt][]string)
	nonNil := func(cond ast.Expr) []string {
		var out []string
		for _, c := range conds.Conjuncts(cond) {
			b, ok := astutil.Unparen(c).(*ast.BinaryExpr)
			if !ok || b.Op != token.NEQ {
				continue
			}
			for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				switch x := astutil.Unparen(pair[0]).(type) {
				case *ast.Ident, *ast.SelectorExpr:
					if info.Types[pair[1]].IsNil() {
						out = append(out, types.ExprString(x))
					}
				}
			}
		}
		return out
	}
	var walk func(n ast.Node, known []string)
	walk = func(n ast.Node, known []string) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.IfStmt:
				if n.Init != nil {
					walk(n.Init, known)
				}
				walk(n.Body, append(slices.Clip(known), nonNil(n.Cond)...))
				if n.Else != nil {
					walk(n.Else, known)
				}
				return false
			case *ast.ReturnStmt:
				out[n] = known
			}
			return true
		})
	}
	walk(body, nil)
	return out
}

func report(pass *analysis.Pass, fn *funcs.Func, x lockset.Exit, l lockset.Lock, u lockset.UnlockOp) {
	where := "locked at " + pos(pass, l.Pos)
	if l.Via != "" {
		where = "locked by " + l.Via + " at " + pos(pass, l.Pos)
	}
	var exit string
	switch x.Kind {
	case lockset.Return:
		exit = posfmt.Exit(x.Pos, fn.Body)
	case lockset.Panic:
		exit = "the panic"
	default:
		exit = "the " + x.Kind.String()
	}
	how := "unlocked"
	if u.Deferred {
		how = "unlocked by a defer"
	}
	mode := ""
	if l.Mode == model.Shared {
		mode = " (read)"
	}
	msg := fmt.Sprintf("%s%s %s is still held at %s at %s; it is %s at %s on other paths",
		l.Name, mode, where, exit, pos(pass, x.Pos), how, pos(pass, u.Pos))
	pass.Report(analysis.Diagnostic{Pos: x.Pos, Message: msg})
}

func pos(pass *analysis.Pass, p token.Pos) string { return lockacq.Pos(pass.Fset, p) }
