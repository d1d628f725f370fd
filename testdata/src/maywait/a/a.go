package a

import (
	"context"

	"fixtures/maywait/b"
	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func Through(q *b.Q) { // want Through:`waits: calls \(\*b.Q\).Send \(a.go:13\), which does a channel send \(b.go:16\)`
	q.Send(1)
}

func Group(g *errgroup.Group) error { // want Group:`waits: calls \(\*errgroup.Group\).Wait \(a.go:17\)`
	return g.Wait()
}

func Range(ch chan int) (n int) { // want Range:`waits: does a channel receive \(a.go:21\)`
	for range ch {
		n++
	}
	return n
}

// Runtime suspension points are maysuspend's business.
func Suspends(ctx context.Context, c *runtime.Chan[int]) {
	c.Send(ctx, 1)
	runtime.Sleep(ctx, 1)
}

//asynclint:suspends
func Annotated(ch chan int) {
	<-ch
}

func Clean(q *b.Q) {
	q.WaitCond()
	q.TrySend(1)
	b.Hidden()
	b.Spare()
	Annotated(nil)
}
