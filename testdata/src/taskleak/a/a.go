package a

import (
	"context"
	"errors"
	"log"

	"github.com/asynclint/asynclint/runtime"
)

func fetch(ctx context.Context) (string, error) { return "x", nil }

// Discarded handles.
func discarded(ctx context.Context) {
	runtime.Spawn(ctx, fetch)             // want `task handle discarded: the task is never joined; await it, or call Detach to make fire-and-forget explicit`
	_ = runtime.SpawnBlocking(ctx, fetch) // want `task handle discarded`
}

// An early return leaves the task running.
func earlyReturn(ctx context.Context, cached bool) (string, error) {
	t := runtime.Spawn(ctx, fetch) // want `task t is not joined on every path: the return at a.go:23 leaves it running \(await it, or Detach it\)`
	if cached {
		return "cache", nil
	}
	return t.Await(ctx)
}

// Cancel alone is not a join.
func cancelOnly(ctx context.Context) {
	t := runtime.Spawn(ctx, fetch) // want `task t is not joined on every path: the end of the function at a.go:32 leaves it running`
	t.Cancel()
}

// Joined on every path: silent.
func joined(ctx context.Context, cached bool) (string, error) {
	t := runtime.Spawn(ctx, fetch)
	if cached {
		t.Cancel()
		_, _ = t.Await(ctx)
		return "cache", nil
	}
	return t.Await(ctx)
}

// Detached on purpose: silent.
func detached(ctx context.Context) {
	t := runtime.Spawn(ctx, fetch)
	t.Detach()
}

// Handles that escape are someone else's to join: silent.
func returned(ctx context.Context) *runtime.Task[string] {
	t := runtime.Spawn(ctx, fetch)
	return t
}

type holder struct{ t *runtime.Task[string] }

func stored(ctx context.Context, h *holder, ch chan *runtime.Task[string]) {
	t := runtime.Spawn(ctx, fetch)
	h.t = t
	u := runtime.Spawn(ctx, fetch)
	ch <- u
	w := runtime.Spawn(ctx, fetch)
	defer func() { _, _ = w.Await(ctx) }()
	h.t = runtime.Spawn(ctx, fetch)
	keep(runtime.Spawn(ctx, fetch))
}

func keep(t *runtime.Task[string]) { t.Detach() }

// A path that ends the process is not a return: silent.
func fatal(ctx context.Context, bad bool) (string, error) {
	t := runtime.Spawn(ctx, fetch)
	if bad {
		log.Fatal("bad input")
	}
	return t.Await(ctx)
}

// Join sets.
func joinSetEarlyReturn(ctx context.Context, urls []string) error {
	var js runtime.JoinSet[string]
	for range urls {
		js.Spawn(ctx, fetch) // want `join set js is not waited on every path: the return at a.go:88 leaves its tasks running \(call Wait, Next or Shutdown\)`
	}
	if len(urls) > 10 {
		return errors.New("too many")
	}
	_, err := js.Wait(ctx)
	return err
}

func joinSetWaited(ctx context.Context, urls []string) error {
	var js runtime.JoinSet[string]
	for range urls {
		js.Spawn(ctx, fetch)
	}
	if len(urls) > 10 {
		js.Shutdown(ctx)
		return errors.New("too many")
	}
	for js.Len() > 0 {
		if _, err := js.Next(ctx); err != nil {
			js.Shutdown(ctx)
			return err
		}
	}
	return nil
}

func joinSetDeferred(ctx context.Context) {
	var js runtime.JoinSet[string]
	defer js.Shutdown(ctx)
	js.Spawn(ctx, fetch)
}

func joinSetNever(ctx context.Context) {
	js := new(runtime.JoinSet[string])
	js.Spawn(ctx, fetch) // want `join set js is not waited on every path`
}

// Inside a task body, the same rules hold.
func inTask(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		runtime.Spawn(ctx, fetch) // want `task handle discarded`
		return 0, nil
	})
	_, _ = t.Await(ctx)
}

// Worker refreshes its cache in a task.
type Worker struct {
	cached bool
}

// Assigned to _ only: the same as discarding the handle.
func (w *Worker) refresh(ctx context.Context) {
	t := runtime.Spawn(ctx, fetch) // want `task handle discarded: t is only assigned to _, so the task is never joined`
	_ = t
}

// _ = t does not join it on the early return.
func (w *Worker) refreshCached(ctx context.Context) (string, error) {
	t := runtime.Spawn(ctx, fetch) // want `task t is not joined on every path: the return at a.go:\d+ leaves it running`
	_ = t
	if w.cached {
		return "cache", nil
	}
	return t.Await(ctx)
}

// Awaited after _ = t: silent.
func (w *Worker) refreshWait(ctx context.Context) (string, error) {
	t := runtime.Spawn(ctx, fetch)
	_ = t
	return t.Await(ctx)
}

// Prefetch starts a fetch per key.
func (w *Worker) prefetch(ctx context.Context, keys []string) {
	var pending []*runtime.Task[string]
	for range keys {
		pending = append(pending, runtime.Spawn(ctx, fetch)) // want `the tasks collected in pending are never joined: nothing uses pending but the appends`
	}
	log.Printf("prefetching %d keys", len(pending))
}

// Awaited one by one: silent.
func (w *Worker) prefetchAll(ctx context.Context, keys []string) error {
	pending := make([]*runtime.Task[string], 0, len(keys))
	for range keys {
		pending = append(pending, runtime.Spawn(ctx, fetch))
	}
	for _, t := range pending {
		if _, err := t.Await(ctx); err != nil {
			return err
		}
	}
	return nil
}
