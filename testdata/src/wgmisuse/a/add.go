// Package a holds WaitGroup uses, wrong and right.
package a

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

func work(int) error { return nil }

// WRONG: Add as the goroutine's first statement (go vet's waitgroup
// reports this one too).
func addFirst(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			wg.Add(1) // want `wg.Add inside the goroutine it counts \(started at add.go:17; wg.Done at add.go:19\): wg.Wait may return before the goroutine runs; call wg.Add before the go statement`
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}

// WRONG: Add later in the goroutine, before its Done (vet misses it).
func addLater(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			if x < 0 {
				return
			}
			wg.Add(1) // want `wg.Add inside the goroutine it counts`
			work(x)
			wg.Done()
		}()
	}
	wg.Wait()
}

// WRONG: a named function started by go.
func addWorker(wg *sync.WaitGroup, x int) {
	wg.Add(1) // want `wg.Add inside the goroutine it counts`
	defer wg.Done()
	work(x)
}

func startWorkers(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go addWorker(&wg, x)
	}
	wg.Wait()
}

// RIGHT: Add before go.
func addBefore(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(x)
		}()
	}
	wg.Wait()
}

// RIGHT: a counted goroutine adding for the children it starts.
func addForChildren(xs [][]int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, batch := range xs {
			for _, x := range batch {
				wg.Add(1)
				go func() {
					defer wg.Done()
					work(x)
				}()
			}
		}
	}()
	wg.Wait()
}

// RIGHT: WaitGroup.Go, the modern form.
func withGo(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Go(func() { work(x) })
	}
	wg.Wait()
}

// RIGHT: errgroup.
func withErrgroup(xs []int) error {
	var g errgroup.Group
	for _, x := range xs {
		g.Go(func() error { return work(x) })
	}
	return g.Wait()
}

type node struct {
	wg       sync.WaitGroup
	children []*node
}

// RIGHT: the Add is for a child's group, a different WaitGroup of the
// same type.
func (n *node) start() {
	n.wg.Add(1)
	go func() {
		defer n.wg.Done()
		for _, ch := range n.children {
			ch.wg.Add(1)
			ch.run()
		}
	}()
}

func (n *node) run() { n.wg.Done() }

// RIGHT: counted by its starter; the Add inside is for work handed on.
func dispatcher(jobs <-chan int, dispatch func(int, *sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for j := range jobs {
			wg.Add(1)
			dispatch(j, &wg)
		}
	}()
	wg.Wait()
}

// RIGHT: the Add is for a job a helper of the package finishes.
func (n *node) feed(jobs <-chan int) {
	go func() {
		for range jobs {
			n.wg.Add(1)
			n.run()
		}
		n.wg.Done()
	}()
}

// WRONG, once: a body that adds for itself, started by two go
// statements, is one mistake, reported once at its Add. (Found on
// nats-server's tests.)
func twoStarts(wait chan struct{}) {
	var wg sync.WaitGroup
	start := func(name string) {
		wg.Add(1) // want `wg.Add inside the goroutine it counts`
		defer wg.Done()
		<-wait
	}
	go start("foo")
	go start("bar")
	close(wait)
	wg.Wait()
}
