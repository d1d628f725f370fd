package a

import (
	"context"
	"sync"
)

// WRONG: an early return skips Done.
func earlyReturn(xs []int, errs chan<- error) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			if err := work(x); err != nil {
				errs <- err
				return // want `the goroutine started at done.go:13 returns here without calling wg.Done \(called at done.go:18 on other paths\): wg.Wait never returns; defer wg.Done\(\) at its start`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// WRONG: the ctx case of a select leaves without Done.
func selectLeaves(ctx context.Context, in <-chan int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return // want `returns here without calling wg.Done`
			case x, ok := <-in:
				if !ok {
					wg.Done()
					return
				}
				work(x)
			}
		}
	}()
	wg.Wait()
}

// RIGHT: deferred Done.
func deferred(xs []int, errs chan<- error) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(x); err != nil {
				errs <- err
				return
			}
		}()
	}
	wg.Wait()
}

// RIGHT: Done on every path, explicitly.
func everyPath(xs []int, errs chan<- error) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			if err := work(x); err != nil {
				wg.Done()
				errs <- err
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// RIGHT: Done per item, in a loop.
func perItem(items chan int) {
	var wg sync.WaitGroup
	go func() {
		for x := range items {
			work(x)
			wg.Done()
		}
	}()
	for i := range 3 {
		wg.Add(1)
		items <- i
	}
	wg.Wait()
	close(items)
}

// RIGHT: a helper calls Done.
func finish(wg *sync.WaitGroup) { wg.Done() }

func viaHelper(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if x < 0 {
			finish(&wg)
			return
		}
		work(x)
		wg.Done()
	}()
	wg.Wait()
}

// WRONG: Done twice, deferred and explicit.
func doneTwice(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := work(x); err != nil {
			wg.Done() // want `wg.Done is called twice on this path: here, and by the deferred call at done.go:117; the counter goes negative`
			return
		}
	}()
	wg.Wait()
}

// WRONG: two explicit Dones in a row.
func doneTwiceExplicit(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if x > 0 {
			wg.Done()
		}
		work(x)
		wg.Done() // want `wg.Done is called twice on this path: at done.go:132, and again here`
	}()
	wg.Wait()
}

// RIGHT: counted twice, Done twice.
func countedTwice(x int) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		work(x)
		wg.Done()
	}()
	wg.Wait()
}

// A generic worker.
type pool[T any] struct {
	wg sync.WaitGroup
}

func (p *pool[T]) run(xs []T, f func(T) error) {
	for _, x := range xs {
		p.wg.Add(1)
		go func() {
			if err := f(x); err != nil {
				return // want `returns here without calling p.wg.Done`
			}
			p.wg.Done()
		}()
	}
	p.wg.Wait()
}

// RIGHT: the failing path exits the test.
func fatalPath(x int, fatal func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if x < 0 {
			panic("negative")
		}
		wg.Done()
	}()
	wg.Wait()
}

type server struct {
	wg    sync.WaitGroup
	count int
}

// WRONG: a field group; other uses of s do not hide the missed Done.
func (s *server) serve(reqs []int) {
	for _, r := range reqs {
		s.wg.Add(1)
		go func() {
			s.count++
			if r < 0 {
				return // want `returns here without calling s.wg.Done`
			}
			s.handle(r)
			s.wg.Done()
		}()
	}
	s.wg.Wait()
}

func (s *server) handle(int) {}

// RIGHT: a helper two calls down calls Done.
func (s *server) serve2(reqs []int) {
	for _, r := range reqs {
		s.wg.Add(1)
		go func() {
			if r < 0 {
				s.fail()
				return
			}
			s.wg.Done()
		}()
	}
	s.wg.Wait()
}

func (s *server) fail()   { s.finish() }
func (s *server) finish() { s.wg.Done() }

// RIGHT: Done under another name.
func alias(x int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		w := &wg
		if x < 0 {
			w.Done()
			return
		}
		wg.Done()
	}()
	wg.Wait()
}
