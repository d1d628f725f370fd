package goroutines

import "context"

func handle(int) {}

// Nobody sends on jobs or closes it: the worker waits forever.
func neverSent() {
	jobs := make(chan int, 8)
	go func() { // want `goroutine blocks forever receiving from jobs \(line 11\): nothing sends on jobs or closes it`
		for j := range jobs {
			handle(j)
		}
	}()
}

// Fed, closed, or handed to someone who may feed it: silent.
func fed(ctx context.Context, sink func(chan int)) {
	a := make(chan int)
	go func() { handle(<-a) }()
	a <- 1

	b := make(chan struct{})
	go func() { <-b }()
	close(b)

	c := make(chan int)
	go func() { handle(<-c) }()
	sink(c)

	d := make(chan int)
	go func() {
		select { // also waits on ctx: not stuck forever
		case v := <-d:
			handle(v)
		case <-ctx.Done():
		}
	}()
}
