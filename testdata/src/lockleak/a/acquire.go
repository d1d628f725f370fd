package a

import (
	"context"
	"errors"
	"sync"
)

// A consumer group's commit must not run during a rebalance: it takes
// the rebalance lock for reading, at once when it can, or through a
// goroutine it waits for (giving up when ctx ends). waitRebalanceMu
// returns holding the read lock when it succeeds, and every caller
// releases it when its commit is done: the return that holds it is the
// helper's contract. Not reported.
type group struct {
	rebalanceMu sync.RWMutex
	commitMu    sync.Mutex
	offsets     map[string]int64
}

func (g *group) waitRebalanceMu(ctx context.Context) error {
	if g.rebalanceMu.TryRLock() {
		return nil
	}
	var (
		got      = make(chan struct{})
		mu       sync.Mutex
		returned bool
	)
	maybeRUnlock := func() {
		mu.Lock()
		defer mu.Unlock()
		if returned {
			g.rebalanceMu.RUnlock()
		}
		returned = true
	}
	go func() {
		g.rebalanceMu.RLock()
		close(got)
		maybeRUnlock()
	}()
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		maybeRUnlock()
		return ctx.Err()
	}
}

// CommitSync commits and calls onDone when the broker answered.
func (g *group) CommitSync(ctx context.Context, onDone func(error)) {
	if err := g.waitRebalanceMu(ctx); err != nil {
		onDone(err)
		return
	}
	g.commitMu.Lock()
	done := func(err error) {
		g.rebalanceMu.RUnlock()
		defer g.commitMu.Unlock()
		onDone(err)
	}
	go done(nil)
}

// The same helper in a group where one caller forgets the release: the
// helper's held return is a leak for that caller, and is reported.
type leakyGroup struct {
	rebalanceMu sync.RWMutex
	busy        bool
}

func (g *leakyGroup) waitRebalanceMu(ctx context.Context) error {
	if g.rebalanceMu.TryRLock() {
		return nil // want `g.rebalanceMu \(read\) locked at acquire.go:\d+ is still held at the return at acquire.go:\d+; it is unlocked at acquire.go:\d+ on other paths`
	}
	var (
		got      = make(chan struct{})
		mu       sync.Mutex
		returned bool
	)
	maybeRUnlock := func() {
		mu.Lock()
		defer mu.Unlock()
		if returned {
			g.rebalanceMu.RUnlock()
		}
		returned = true
	}
	go func() {
		g.rebalanceMu.RLock()
		close(got)
		maybeRUnlock()
	}()
	select {
	case <-got:
		return nil
	case <-ctx.Done():
		maybeRUnlock()
		return ctx.Err()
	}
}

func (g *leakyGroup) Commit(ctx context.Context) error {
	if err := g.waitRebalanceMu(ctx); err != nil {
		return err
	}
	defer g.rebalanceMu.RUnlock()
	return nil
}

func (g *leakyGroup) Busy(ctx context.Context) (bool, error) {
	if err := g.waitRebalanceMu(ctx); err != nil {
		return false, errors.New("rebalancing")
	}
	return g.busy, nil
}
