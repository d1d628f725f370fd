package model_test

import (
	"go/types"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/asynclint/asynclint/passes/model"
)

// Every exported function and method of the runtime must be in the table:
// the model owns the runtime, so an API added without teaching the model
// would be invisible to every check.
func TestRuntimeFullyModelled(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, model.RuntimePath)
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load runtime: %v %v", err, pkgs)
	}
	scope := pkgs[0].Types.Scope()
	check := func(fn *types.Func) {
		if !fn.Exported() {
			return
		}
		if _, ok := model.Lookup(fn); !ok {
			t.Errorf("%s is not in the model", model.Key(fn))
		}
	}
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Func:
			if res := obj.Type().(*types.Signature).Results(); res.Len() == 1 &&
				res.At(0).Type().String() == model.RuntimePath+".Option" {
				continue // options configure; they do nothing concurrent
			}
			check(obj)
		case *types.TypeName:
			named, ok := obj.Type().(*types.Named)
			if !ok || !obj.Exported() {
				continue
			}
			mset := types.NewMethodSet(types.NewPointer(named))
			for i := range mset.Len() {
				fn := mset.At(i).Obj().(*types.Func)
				if fn.Name() == "Error" || fn.Name() == "Unwrap" || fn.Name() == "String" {
					continue
				}
				check(fn)
			}
		}
	}
}

func TestKey(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "sync", "net", model.RuntimePath)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	method := func(pkg, typ, name string) *types.Func {
		obj := byPath[pkg].Scope().Lookup(typ)
		T := obj.Type()
		if !types.IsInterface(T) {
			T = types.NewPointer(T)
		}
		fn, _, _ := types.LookupFieldOrMethod(T, true, byPath[pkg], name)
		return fn.(*types.Func)
	}
	for _, tc := range []struct {
		fn   *types.Func
		key  string
		name string
	}{
		{method("sync", "Mutex", "Lock"), "(*sync.Mutex).Lock", "(*sync.Mutex).Lock"},
		{method("net", "Conn", "Read"), "(net.Conn).Read", "(net.Conn).Read"},
		{method(model.RuntimePath, "Task", "Await"), "(*" + model.RuntimePath + ".Task).Await", "(*runtime.Task).Await"},
		{byPath[model.RuntimePath].Scope().Lookup("Spawn").(*types.Func), model.RuntimePath + ".Spawn", "runtime.Spawn"},
	} {
		if got := model.Key(tc.fn); got != tc.key {
			t.Errorf("Key = %q, want %q", got, tc.key)
		}
		if got := model.Name(tc.fn, nil); got != tc.name {
			t.Errorf("Name = %q, want %q", got, tc.name)
		}
	}
}

// The plain-Go waits lockawait counts, and what they are not.
func TestWaits(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "sync", "time", "os", "fmt", "log")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	fn := func(pkg, typ, name string) *types.Func {
		scope := byPath[pkg].Scope()
		if typ == "" {
			return scope.Lookup(name).(*types.Func)
		}
		m, _, _ := types.LookupFieldOrMethod(types.NewPointer(scope.Lookup(typ).Type()), true, byPath[pkg], name)
		return m.(*types.Func)
	}
	for _, tc := range []struct {
		fn       *types.Func
		has, not model.Effect
	}{
		{fn("time", "", "Sleep"), model.Waits, model.Joins},
		{fn("sync", "WaitGroup", "Wait"), model.Waits | model.Joins, model.Wakes},
		{fn("sync", "WaitGroup", "Done"), model.Wakes, model.Waits},
		{fn("sync", "Cond", "Wait"), model.Waits | model.WaitUnlocks, model.Joins},
		{fn("sync", "Cond", "Signal"), model.Signals, model.Waits | model.Wakes},
		{fn("sync", "Cond", "Broadcast"), model.Signals, model.Waits | model.Wakes},
		{fn("sync", "WaitGroup", "Add"), model.Counts, model.Waits | model.Wakes},
		{fn("sync", "", "NewCond"), model.BindsLock, model.Waits},
		{fn("sync", "Mutex", "Lock"), model.Locks, model.Waits},
		{fn("os", "", "ReadFile"), model.Blocks, model.Waits},
		{fn("os", "", "Exit"), model.Exits, model.Waits},
		{fn("fmt", "", "Sprintf"), model.Formats, model.Blocks},
		{fn("fmt", "", "Errorf"), model.Formats, model.Blocks},
		{fn("fmt", "", "Println"), model.Formats, model.Blocks},
		{fn("log", "Logger", "Printf"), model.Formats, model.Blocks},
	} {
		e, ok := model.Lookup(tc.fn)
		if !ok {
			t.Errorf("%s is not in the model", model.Key(tc.fn))
			continue
		}
		if !e.Is(tc.has) || e.Effects&tc.not != 0 {
			t.Errorf("%s: effects %b, want %b and not %b", model.Key(tc.fn), e.Effects, tc.has, tc.not)
		}
	}
	if f, ok := model.BoundLockField(fn("sync", "", "NewCond").Type().(*types.Signature).Results().At(0).Type()); !ok || f != "L" {
		t.Errorf("BoundLockField(*sync.Cond) = %q, %v; want L", f, ok)
	}
}

// The types not safe for concurrent use, and sync/atomic.
func TestNotConcurrent(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "bytes", "math/rand", "sync/atomic", "sync")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*types.Package{}
	for _, p := range pkgs {
		byPath[p.PkgPath] = p.Types
	}
	var m *model.Model
	buf := byPath["bytes"].Scope().Lookup("Buffer").Type()
	nc, ok := m.NotConcurrent(types.NewPointer(buf))
	if !ok || nc.Name != "bytes.Buffer" || !nc.IsReadOnly("Len") || nc.IsReadOnly("WriteString") {
		t.Errorf("NotConcurrent(*bytes.Buffer) = %+v, %v", nc, ok)
	}
	if _, ok := m.NotConcurrent(byPath["math/rand"].Scope().Lookup("Rand").Type()); !ok {
		t.Errorf("math/rand.Rand is not NotConcurrent")
	}
	if nc, ok := m.NotConcurrent(types.NewMap(types.Typ[types.String], types.Typ[types.Int])); !ok || nc.Name != "a map" {
		t.Errorf("a map: %+v, %v", nc, ok)
	}
	if _, ok := m.NotConcurrent(byPath["sync"].Scope().Lookup("Mutex").Type()); ok {
		t.Errorf("sync.Mutex is NotConcurrent")
	}
	add := byPath["sync/atomic"].Scope().Lookup("AddInt64").(*types.Func)
	if e, ok := model.Lookup(add); !ok || !e.Is(model.Atomic|model.Syncs) {
		t.Errorf("atomic.AddInt64: %+v, %v", e, ok)
	}
	if !model.IsAtomicType(byPath["sync/atomic"].Scope().Lookup("Int64").Type()) {
		t.Errorf("atomic.Int64 is not an atomic type")
	}
	once, _, _ := types.LookupFieldOrMethod(types.NewPointer(byPath["sync"].Scope().Lookup("Once").Type()), true, byPath["sync"], "Do")
	if e, ok := model.Lookup(once.(*types.Func)); !ok || !e.Is(model.Syncs) {
		t.Errorf("sync.Once.Do: %+v, %v", e, ok)
	}
}

// The derivations whose context is done when their parent is, and the
// one that is not.
func TestInherits(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedTypes | packages.NeedName}, "context")
	if err != nil {
		t.Fatal(err)
	}
	scope := pkgs[0].Types.Scope()
	for name, want := range map[string]bool{
		"WithCancel": true, "WithTimeout": true, "WithDeadline": true, "WithValue": true,
		"WithCancelCause": true, "WithTimeoutCause": true, "WithDeadlineCause": true,
		"WithoutCancel": false, "Background": false,
	} {
		e, ok := model.Lookup(scope.Lookup(name).(*types.Func))
		if !ok || e.Is(model.Inherits) != want {
			t.Errorf("context.%s: in model %v, Inherits %v; want Inherits %v", name, ok, e.Is(model.Inherits), want)
		}
	}
}
