package model

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Annotated is the fact a //asynclint: directive on a function declaration
// exports, so that callers in other packages see it.
type Annotated struct{ Effects Effect }

func (*Annotated) AFact() {}

func (a *Annotated) String() string {
	var words []string
	if a.Effects.Has(Blocks) {
		words = append(words, "blocking")
	}
	if a.Effects.Has(Suspends) {
		words = append(words, "suspends")
	}
	return "asynclint:" + strings.Join(words, ",")
}

// Directives maps each //asynclint: word that annotates a function to its
// effect. The directive check validates directives against it.
var Directives = map[string]Effect{
	"blocking": Blocks,
	"suspends": Suspends | ObservesCancel,
}

// Analyzer reads //asynclint: directives and exports them as facts. Its
// result, a *Model, is what every pass and check asks.
var Analyzer = &analysis.Analyzer{
	Name:       "asynclintmodel",
	Doc:        "the asynclint concurrency model: the built-in table plus //asynclint: directives on function declarations",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Annotated), new(NotConcurrentFact)},
	ResultType: reflect.TypeFor[*Model](),
}

// Model answers what a function does, from the table and from the
// directives of this package and its dependencies.
type Model struct {
	annotated map[types.Object]Effect
	// notConcurrent holds the types annotated //asynclint:notconcurrent,
	// here and in dependencies.
	notConcurrent map[*types.TypeName]bool
	// Key builds a string: each function is looked up once. The passes
	// of a package share the Model and may run at the same time.
	mu    sync.Mutex
	cache map[*types.Func]lookup
}

type lookup struct {
	e  Entry
	ok bool
}

// Lookup returns what the model knows of fn: the table's entry, or an
// entry made from a directive.
func (m *Model) Lookup(fn *types.Func) (Entry, bool) {
	if fn == nil {
		return Entry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if l, ok := m.cache[fn]; ok {
		return l.e, l.ok
	}
	e, ok := m.lookup(fn)
	if m.cache == nil {
		m.cache = make(map[*types.Func]lookup)
	}
	m.cache[fn] = lookup{e, ok}
	return e, ok
}

func (m *Model) lookup(fn *types.Func) (Entry, bool) {
	if e, ok := Lookup(fn); ok {
		return e, true
	}
	if eff, ok := m.annotated[fn.Origin()]; ok {
		e := Entry{Effects: eff, Body: -1}
		if eff.Has(Blocks) {
			e.Instead = slot
		}
		return e, true
	}
	return shaped(fn)
}

// shaped describes the methods of an interface that has the shape of a
// sync type (a package's own sync.Mutex or sync.WaitGroup interface,
// implemented by a logging or deadlock-detecting wrapper): Lock and
// Unlock (RLock and RUnlock) of an interface with both Lock() and
// Unlock() are the Locker's, and Add(int), Done() and Wait() together
// are a WaitGroup's.
func shaped(fn *types.Func) (Entry, bool) {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || fn.Pkg() == nil || fn.Pkg().Path() == "sync" {
		return Entry{}, false
	}
	iface, ok := sig.Recv().Type().Underlying().(*types.Interface)
	if !ok {
		return Entry{}, false
	}
	has := func(name string, params int) bool {
		for i := range iface.NumMethods() {
			m := iface.Method(i)
			if m.Name() == name {
				s := m.Type().(*types.Signature)
				return s.Params().Len() == params && s.Results().Len() == 0
			}
		}
		return false
	}
	switch {
	case has("Lock", 0) && has("Unlock", 0):
		switch fn.Name() {
		case "Lock":
			return Entry{Effects: Locks, Lock: Exclusive, Body: -1}, true
		case "Unlock":
			return Entry{Effects: Unlocks, Lock: Exclusive, Body: -1}, true
		case "RLock":
			if has("RUnlock", 0) {
				return Entry{Effects: Locks, Lock: Shared, Body: -1}, true
			}
		case "RUnlock":
			if has("RLock", 0) {
				return Entry{Effects: Unlocks, Lock: Shared, Body: -1}, true
			}
		}
	case has("Add", 1) && has("Done", 0) && has("Wait", 0):
		switch fn.Name() {
		case "Wait":
			return Entry{Effects: Blocks | Joins | Waits, Body: -1, Instead: useJoin}, true
		case "Done":
			return Entry{Effects: Wakes, Body: -1}, true
		case "Add":
			return Entry{Effects: Counts, Body: -1}, true
		}
	}
	return Entry{}, false
}

func run(pass *analysis.Pass) (any, error) {
	m := &Model{annotated: make(map[types.Object]Effect), notConcurrent: make(map[*types.TypeName]bool)}
	for _, f := range pass.AllObjectFacts() {
		switch fact := f.Fact.(type) {
		case *Annotated:
			m.annotated[f.Object] = fact.Effects
		case *NotConcurrentFact:
			if tn, ok := f.Object.(*types.TypeName); ok {
				m.notConcurrent[tn] = true
			}
		}
	}
	for _, file := range pass.Files {
		for _, decl := range file.Decls {
			if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, spec := range gd.Specs {
					ts := spec.(*ast.TypeSpec)
					if !TypeNotConcurrent(ts.Doc) && !(len(gd.Specs) == 1 && TypeNotConcurrent(gd.Doc)) {
						continue
					}
					if tn, ok := pass.TypesInfo.Defs[ts.Name].(*types.TypeName); ok {
						m.notConcurrent[tn] = true
						pass.ExportObjectFact(tn, &NotConcurrentFact{})
					}
				}
				continue
			}
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			eff := FuncDirectives(fd.Doc)
			if eff == 0 {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			m.annotated[obj] = eff
			pass.ExportObjectFact(obj, &Annotated{Effects: eff})
		}
	}
	return m, nil
}

// FuncDirectives returns the effects that the //asynclint: directives of a
// doc comment declare. Unknown words are ignored here; the directive
// check reports them.
func FuncDirectives(doc *ast.CommentGroup) Effect {
	var eff Effect
	for _, c := range doc.List {
		word, ok := strings.CutPrefix(c.Text, "//asynclint:")
		if !ok {
			continue
		}
		word, _, _ = strings.Cut(word, " ")
		eff |= Directives[strings.TrimSpace(word)]
	}
	return eff
}

// Fails reports whether body calls, outside function literals, a
// function the model says marks the test failed (t.Errorf, t.Fatal): a
// test that stops waiting there is failing.
func (m *Model) Fails(info *types.Info, body []ast.Stmt) bool {
	found := false
	for _, st := range body {
		ast.Inspect(st, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if fn, ok := typeutil.Callee(info, n).(*types.Func); ok {
					if e, ok := m.Lookup(fn); ok && e.Is(Fails) {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}
