package loops

import (
	"context"
	"log"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

func work() {}

func workCtx(ctx context.Context) error { return ctx.Err() }

// A task that loops forever without looking at its ctx.
func spin(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		n := 0
		for { // want `endless loop in a task never observes cancellation: nothing in it checks ctx \(loops.go:17\), and nothing leaves it; select on ctx.Done\(\) \(or check ctx.Err\(\)\) in the loop`
			n++
			work()
		}
	})
	t.Detach()
}

// A goroutine ranging over a ticker, in a function with a ctx.
func poll(ctx context.Context, tick *time.Ticker) {
	go func() {
		for range tick.C { // want `endless loop in a goroutine never observes cancellation: nothing in it checks ctx \(loops.go:28\)`
			work()
		}
	}()
}

// Look-alikes that stay silent.
func silent(ctx context.Context, tick *time.Ticker, items []int, stop chan struct{}) {
	go func() {
		for { // checks ctx every round
			if ctx.Err() != nil {
				return
			}
			work()
		}
	}()
	go func() {
		for { // calls a ctx-taking function every round
			if err := workCtx(ctx); err != nil {
				log.Print(err)
			}
		}
	}()
	go func() {
		for range tick.C { // selects on a stop channel
			select {
			case <-stop:
				return
			default:
			}
			work()
		}
	}()
	go func() {
		for _, it := range items { // bounded by a finite slice
			_ = it
			work()
		}
	}()
	go func() {
		for { // leaves by break
			work()
			break
		}
	}()
	go func() {
		for { // suspends with ctx every round
			if runtime.Sleep(ctx, time.Second) != nil {
				return
			}
		}
	}()
	// Meant to outlive its parent, and says so.
	t := runtime.Spawn(context.WithoutCancel(ctx), func(ctx context.Context) (int, error) {
		for {
			if err := runtime.Yield(ctx); err != nil {
				return 0, err
			}
		}
	})
	t.Detach()
}

// No ctx in scope: a background loop, not this check's business.
func noCtx(tick *time.Ticker) {
	go func() {
		for range tick.C {
			work()
		}
	}()
}
