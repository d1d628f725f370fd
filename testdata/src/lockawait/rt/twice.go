package rt

import (
	"context"
	"sync"

	"github.com/asynclint/asynclint/runtime"
)

type twice struct {
	mu sync.Mutex
	t  *runtime.Task[int]
}

func (c *twice) wait(ctx context.Context) { _, _ = c.t.Await(ctx) } // want `sync lock c.mu \(locked at twice.go:20\) is held across a suspension point: \(\*twice\).refresh calls \(\*twice\).wait \(twice.go:22\), which calls \(\*runtime.Task\).Await \(twice.go:15\)`

// Two calls reach the same wait under the same lock: one finding, at the
// first.
func (c *twice) refresh(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.wait(ctx)
	c.wait(ctx)
}

// Two waits of their own are two findings.
func (c *twice) both(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.t.Await(ctx) // want `sync lock c.mu \(locked at twice.go:28\) is held across a suspension point: \(\*runtime.Task\).Await \(twice.go:30\)`
	_, _ = c.t.Await(ctx) // want `sync lock c.mu \(locked at twice.go:28\) is held across a suspension point: \(\*runtime.Task\).Await \(twice.go:31\)`
}
