package chain

import (
	"context"
	"time"

	"github.com/asynclint/asynclint/runtime"

	"fixtures/nocancel/chain/dep"
)

type Store struct{}

func (s *Store) refresh() error {
	_, err := dep.With(context.TODO())
	return err
}

func (s *Store) Sync(ctx context.Context) error {
	return runtime.Sleep(ctx, time.Millisecond)
}

// Peek takes a ctx for its values only: nothing to cancel.
func (s *Store) Peek(ctx context.Context) bool { return ctx.Value(s) != nil }

func (s *Store) peekAll() bool { return s.Peek(context.Background()) }

// reload calls Sync without a ctx; no SyncContext exists.
func (s *Store) reload() error { return s.Sync(context.Background()) }

func handler(ctx context.Context, s *Store) error {
	if _, err := dep.Get("k"); err != nil { // want `ctx \(chain.go:\d+\) cannot cancel the work under this call: dep.Get calls fetch with context.Background\(\) \(dep.go:\d+\); call dep.GetContext\(ctx, \.\.\.\) instead`
		return err
	}
	_ = dep.Load("k")                   // want `ctx \(chain.go:\d+\) cannot cancel the work under this call: dep.Load calls Get \(dep.go:\d+\), which calls fetch with context.Background\(\) \(dep.go:\d+\); give dep.Load a ctx parameter and pass ctx`
	// refresh's context.TODO() marks the gap already: silent.
	if err := s.refresh(); err != nil {
		return err
	}
	if err := s.reload(); err != nil { // want `\(\*Store\).reload calls \(\*Store\).Sync with context.Background\(\)`
		return err
	}

	// Silent: the deadline of its own, the goroutine of its own, the
	// ctx handed on.
	_ = s.peekAll()
	_ = dep.Close()
	dep.Start()
	_, err := dep.With(ctx)
	return err
}

// noCtx has no ctx to hand on: the chain was never whole here.
func noCtx(s *Store) {
	_ = dep.Load("k")
	_ = s.reload()
}

// middle takes no ctx, so it is not where the chain breaks; its caller,
// which has one, is reported once.
func middle() string { return dep.Load("m") }

func top(ctx context.Context) string {
	return middle() // want `cannot cancel the work under this call: middle calls dep.Load .*\(and 2 more calls of middle in this package\)`
}

// More calls of middle: counted in the report at the first.
func twice(ctx context.Context) {
	_ = middle()
	_ = middle()
}

// Index loads its segments under a root context of its own.
type Index struct{ store *Store }

func (x *Index) load() error { return x.store.Sync(context.Background()) }

// segments and manifest take no ctx and both reach load's root: one
// mistake (hand a ctx down to load), reported once.
func (x *Index) segments() error { return x.load() }
func (x *Index) manifest() error { return x.load() }

func (x *Index) Open(ctx context.Context) error {
	if err := x.segments(); err != nil { // want `\(\*Index\).segments calls \(\*Index\).load .*\(and 1 more calls in this package that reach the same root\)`
		return err
	}
	return x.manifest()
}
