// Package a holds spawn sites and the stretches of their starters that
// run concurrently with them: probe(v) is marked where it does.
package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/asynclint/asynclint/runtime"
)

func probe(any) {}

func waitGroup() {
	var wg sync.WaitGroup
	x := 0
	probe(x)
	wg.Add(1)
	go func() { defer wg.Done(); x = 1 }()
	probe(x) // want `concurrent`
	if x > 0 {
		probe(x) // want `concurrent`
	} else {
		probe(x) // want `concurrent`
	}
	wg.Wait()
	probe(x)
}

func branches(c bool) {
	x := 0
	done := make(chan bool)
	if c {
		go func() { x = 1; done <- true }()
		probe(x) // want `concurrent`
	} else {
		probe(x) // another branch: not after the spawn
	}
	probe(x) // want `concurrent`
	<-done
	probe(x)
}

func loop(items []int) {
	var wg sync.WaitGroup
	x := 0
	for _, it := range items {
		y := it
		probe(x) // want `concurrent`
		probe(y) // a variable of the iteration
		wg.Add(1)
		go func() { defer wg.Done(); x = y }() // want `spawned in a concurrent loop`
	}
	probe(x) // want `concurrent`
	wg.Wait()
	probe(x)
}

func awaited(ctx context.Context, n int) {
	x := 0
	for range n {
		probe(x)
		t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) { x++; return 0, nil })
		probe(x) // want `concurrent`
		_, _ = t.Await(ctx)
		probe(x)
	}
}

// A channel the body never names does not order it.
func unrelated(other chan int) {
	x := 0
	var g errgroup.Group
	g.Go(func() error { x = 1; return nil })
	<-other
	probe(x) // want `concurrent`
	_ = g.Wait()
	probe(x)
}

func inPlace(ctx context.Context) {
	runtime.BlockInPlace(ctx, func() {}) // want `no window`
}

// The loop is left right after the spawn: one instance.
func breakAfter(items []int) {
	x := 0
	done := make(chan bool)
	for _, it := range items {
		if it > 0 {
			go func() { x = it; done <- true }()
			probe(x) // want `concurrent`
			break
		}
		probe(x)
	}
	probe(x) // want `concurrent`
	<-done
	probe(x)
}

// The starter returns right after the spawn.
func returnAfter(items []int) {
	x := 0
	for _, it := range items {
		if it > 0 {
			go func() { x = it }()
			return
		}
		probe(x)
	}
}

// A break out of a select is not out of the loop.
func selectBreak(in chan int) {
	x := 0
	for {
		select {
		case v := <-in:
			go func() { x = v }() // want `spawned in a concurrent loop`
			break
		default:
		}
		probe(x) // want `concurrent`
	}
}

// A labeled break leaves the outer loop.
func labeledBreak(rows [][]int) {
	x := 0
	done := make(chan bool)
outer:
	for _, row := range rows {
		for _, v := range row {
			if v > 0 {
				go func() { x = v; done <- true }()
				break outer
			}
		}
	}
	probe(x) // want `concurrent`
	<-done
}

// SetLimit(1): each Go waits for the previous body.
func limitOne(items []int) {
	x := 0
	var g errgroup.Group
	g.SetLimit(1)
	for range items {
		g.Go(func() error { x++; return nil })
	}
	_ = g.Wait()
}

// SetLimit(2): two at once.
func limitTwo(items []int) {
	x := 0
	var g errgroup.Group
	g.SetLimit(2)
	for range items {
		g.Go(func() error { x++; return nil }) // want `spawned in a concurrent loop`
	}
	_ = g.Wait()
}
