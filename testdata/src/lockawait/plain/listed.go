package plain

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// A view of a service catalog refreshed by loaders run side by side,
// listed as method values; a reader that finds the view stale
// refreshes it holding its read lock, while the loaders take the write
// lock to store what they load.
type catalogView struct {
	mu        sync.RWMutex
	hosts     []string
	regions   map[string]string
	refreshed time.Time
	load      func(ctx context.Context, what string) ([]string, error)
}

func (v *catalogView) loadHosts(ctx context.Context) error {
	hosts, err := v.load(ctx, "hosts")
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.hosts = hosts
	v.refreshed = time.Now()
	return nil
}

func (v *catalogView) loadRegions(ctx context.Context) error {
	regions, err := v.load(ctx, "regions")
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.regions = map[string]string{}
	for _, r := range regions {
		v.regions[r] = r
	}
	return nil
}

func (v *catalogView) refresh(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, load := range []func(context.Context) error{v.loadHosts, v.loadRegions} {
		g.Go(func() error { return load(ctx) })
	}
	return g.Wait() // want `sync read lock v.mu \(locked at listed.go:58\) is held while waiting for another goroutine: \(\*catalogView\).Hosts calls \(\*catalogView\).refresh \(listed.go:61\), which calls \(\*errgroup.Group\).Wait \(listed.go:54\)`
}

func (v *catalogView) Hosts(ctx context.Context) ([]string, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if time.Since(v.refreshed) > time.Minute {
		if err := v.refresh(ctx); err != nil {
			return nil, err
		}
	}
	return v.hosts, nil
}

// The same view that lets the read lock go before it refreshes: not
// reported.
type openView struct {
	mu        sync.RWMutex
	hosts     []string
	refreshed time.Time
	load      func(ctx context.Context) ([]string, error)
}

func (v *openView) loadHosts(ctx context.Context) error {
	hosts, err := v.load(ctx)
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.hosts = hosts
	v.refreshed = time.Now()
	return nil
}

func (v *openView) loadNothing(ctx context.Context) error { return ctx.Err() }

func (v *openView) refresh(ctx context.Context) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, load := range []func(context.Context) error{v.loadHosts, v.loadNothing} {
		g.Go(func() error { return load(ctx) })
	}
	return g.Wait()
}

func (v *openView) Hosts(ctx context.Context) ([]string, error) {
	v.mu.RLock()
	stale := time.Since(v.refreshed) > time.Minute
	v.mu.RUnlock()
	if stale {
		if err := v.refresh(ctx); err != nil {
			return nil, err
		}
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.hosts, nil
}
