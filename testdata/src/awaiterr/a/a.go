package a

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func work(ctx context.Context) (int, error) { return 1, nil }

func dropped(ctx context.Context) {
	t := runtime.Spawn(ctx, work)
	v, _ := t.Await(ctx) // want `error of t.Await is discarded: the task's failure or panic is lost`
	_ = v
	u := runtime.Spawn(ctx, work)
	u.Await(ctx) // want `error of u.Await is discarded`
	w := runtime.Spawn(ctx, work)
	_, _ = w.Await(ctx) // want `error of w.Await is discarded`
	x := runtime.Spawn(ctx, work)
	defer x.Await(ctx) // want `error of x.Await is discarded`
	y := runtime.Spawn(ctx, work)
	go y.Await(ctx) // want `error of y.Await is discarded`
}

func joinSets(ctx context.Context) {
	var js runtime.JoinSet[int]
	js.Spawn(ctx, work)
	js.Next(ctx)          // want `error of js.Next is discarded`
	vs, _ := js.Wait(ctx) // want `error of js.Wait is discarded`
	_ = vs
	var _, _ = runtime.Timeout(ctx, 1, work) // want `error of runtime.Timeout is discarded`
}

func errgroups(ctx context.Context) {
	var g errgroup.Group
	g.Go(func() error { _, err := work(ctx); return err })
	g.Wait() // want `error of g.Wait is discarded`
}

// Handled errors, and joins without an error: silent.
func handled(ctx context.Context, rt *runtime.Runtime) error {
	t := runtime.Spawn(ctx, work)
	if _, err := t.Await(ctx); err != nil {
		return err
	}
	var js runtime.JoinSet[int]
	js.Spawn(ctx, work)
	js.Shutdown(ctx) // no error to drop
	var g errgroup.Group
	g.Go(func() error { return nil })
	if err := g.Wait(); err != nil {
		return err
	}
	u := runtime.Spawn(ctx, work)
	v, err := u.Await(ctx)
	_ = v
	if err != nil {
		return err
	}
	return rt.Run(ctx, func(ctx context.Context) error { return nil })
}

// Not a join: Sleep's error is nocancel's business, not this check's.
func notJoins(ctx context.Context) {
	runtime.Sleep(ctx, 1)
}

// A group used as a WaitGroup: every goroutine returns nil, so Wait
// cannot fail. Silent.
func waitGroupLike(files []string) []int {
	sizes := make([]int, len(files))
	var g errgroup.Group
	g.SetLimit(4)
	for i, f := range files {
		g.Go(func() error {
			sizes[i] = len(f)
			return nil
		})
	}
	g.Wait()
	return sizes
}

// One goroutine may fail: reported.
func oneMayFail(files []string) {
	var g errgroup.Group
	g.Go(func() error { return nil })
	g.Go(func() error {
		if len(files) == 0 {
			return errors.New("no files")
		}
		return nil
	})
	g.Wait() // want `error of g.Wait is discarded`
}

// Cancelled, then awaited to be sure it is gone: the error is the
// cancellation's, dropped on purpose. Silent.
func cancelThenAwait(ctx context.Context, cached bool) (int, error) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil })
	if cached {
		t.Cancel()
		_, _ = t.Await(ctx)
		return 0, nil
	}
	return t.Await(ctx)
}

// A deferred cancel runs after the join: the join's error still counts.
func deferredCancel(ctx context.Context) int {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil })
	defer t.Cancel()
	v, _ := t.Await(ctx) // want `error of t.Await is discarded`
	return v
}

// Another task was cancelled, not this one.
func otherCancelled(ctx context.Context) int {
	a := runtime.Spawn(ctx, func(ctx context.Context) (int, error) { return 1, nil })
	b := runtime.Spawn(ctx, func(ctx context.Context) (int, error) { return 2, nil })
	a.Cancel()
	_, _ = a.Await(ctx)
	v, _ := b.Await(ctx) // want `error of b.Await is discarded`
	return v
}

// Wait in the goroutine that closes the results, then Wait again with the
// error checked: nothing is lost. Silent.
func waitTwice(files []string) (int, error) {
	var g errgroup.Group
	c := make(chan int)
	for _, f := range files {
		g.Go(func() error {
			if f == "" {
				return errors.New("empty name")
			}
			c <- len(f)
			return nil
		})
	}
	go func() {
		g.Wait()
		close(c)
	}()
	n := 0
	for v := range c {
		n += v
	}
	if err := g.Wait(); err != nil {
		return 0, err
	}
	return n, nil
}

// Every goroutine sends its error on errc before returning it: the
// errors are read from errc. Silent.
func releaseAll(closers []func() error) error {
	var g errgroup.Group
	errc := make(chan error, len(closers))
	for _, c := range closers {
		g.Go(func() error {
			err := c()
			errc <- err
			return err
		})
	}
	_ = g.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			return err
		}
	}
	return nil
}

// One goroutine returns an error it sends nowhere: reported.
func releaseSome(closers []func() error) {
	var g errgroup.Group
	errc := make(chan error, len(closers))
	for _, c := range closers {
		g.Go(func() error {
			err := c()
			if err != nil {
				return err
			}
			errc <- err
			return err
		})
	}
	_ = g.Wait() // want `error of g.Wait is discarded`
	close(errc)
}
