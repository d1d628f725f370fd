package a

import (
	"context"
	"strconv"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func work() {}

func load(ctx context.Context) (int, error) { return 0, nil }

type server struct{ wg sync.WaitGroup }

func (s *server) loop() {}

func spawns(ctx context.Context, rt *runtime.Runtime, f func()) {
	go work()      // want `goroutine runs work`
	go func() {}() // want `goroutine runs literal`
	go f()         // want `goroutine runs unresolved`
	s := &server{}
	go s.loop()                   // want `goroutine runs loop`
	s.wg.Go(work)                 // want `goroutine runs work`
	t := runtime.Spawn(ctx, load) // want `task runs load`
	_, _ = t.Await(ctx)
	b := runtime.SpawnBlocking(ctx, func(ctx context.Context) (string, error) { // want `blocking runs literal with ctx`
		return strconv.Itoa(1), nil
	})
	_, _ = b.Await(ctx)

	var g errgroup.Group
	g.Go(func() error { return nil }) // want `goroutine runs literal with ctx \(nil only\)`
	_ = g.Wait()

	var h errgroup.Group
	h.Go(func() error { // want `goroutine runs literal with ctx$`
		_, err := load(ctx)
		return err
	})
	_ = h.Wait()
}
