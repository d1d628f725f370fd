package plain

import (
	"context"
	"sync"
)

// A Lister lists the items of a group.
type Lister interface {
	List(ctx context.Context, group string) ([]string, error)
}

// A cachingLister caches what the Lister it wraps lists. refresh holds
// mu while it waits for its fetches, which call the wrapped Lister: a
// cachingLister wrapping another takes the inner one's mu, not this
// one's. The delegate is given to the constructor, before the wrapper
// exists: it cannot be the wrapper itself. Not reported.
type cachingLister struct {
	mu       sync.Mutex
	delegate Lister
	cache    map[string][]string
}

func newCachingLister(delegate Lister) *cachingLister {
	return &cachingLister{delegate: delegate, cache: make(map[string][]string)}
}

func (c *cachingLister) List(ctx context.Context, group string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if items, ok := c.cache[group]; ok {
		return items, nil
	}
	return c.refreshLocked(ctx, []string{group})
}

func (c *cachingLister) fetch(ctx context.Context, group string) ([]string, error) {
	return c.delegate.List(ctx, group)
}

func (c *cachingLister) refreshLocked(ctx context.Context, groups []string) ([]string, error) {
	var wg sync.WaitGroup
	var resMu sync.Mutex
	var all []string
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			items, _ := c.fetch(ctx, g)
			resMu.Lock()
			all = append(all, items...)
			resMu.Unlock()
		}()
	}
	wg.Wait()
	return all, nil
}

// The same, but the goroutines call back into the wrapper itself: they
// take the mu that List holds while it waits for them.
type selfCallingLister struct {
	mu       sync.Mutex
	delegate Lister
	cache    map[string][]string
}

func (c *selfCallingLister) List(ctx context.Context, group string) ([]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if items, ok := c.cache[group]; ok {
		return items, nil
	}
	return c.refreshLocked(ctx, []string{group})
}

func (c *selfCallingLister) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cache)
}

func (c *selfCallingLister) refreshLocked(ctx context.Context, groups []string) ([]string, error) {
	var wg sync.WaitGroup
	var resMu sync.Mutex
	var all []string
	for _, g := range groups {
		wg.Add(1)
		go func() {
			defer wg.Done()
			items, _ := c.delegate.List(ctx, g)
			if c.size() > 100 {
				return
			}
			resMu.Lock()
			all = append(all, items...)
			resMu.Unlock()
		}()
	}
	wg.Wait() // want `sync lock c.mu`
	return all, nil
}
