package ranges

import "errors"

var errBad = errors.New("bad")

func use(int) {}

// The goroutine ranges; the function forgets to close on the early return.
func consumerLeaks(xs []int) error {
	ch := make(chan int)
	go func() { // want `goroutine ranges over ch \(line 13\) and never ends if the function returns at line 19 without closing ch; close it on every path \(defer close\(ch\)\)`
		for v := range ch {
			use(v)
		}
	}()
	for _, x := range xs {
		if x < 0 {
			return errBad
		}
		ch <- x
	}
	close(ch)
	return nil
}

// The function ranges; the producer returns early without closing.
func producerHangs(xs []int) int {
	ch := make(chan int)
	go func() { // want `the range over ch at line 40 never ends if this goroutine returns at line 33 without closing ch; close it on every path \(defer close\(ch\)\)`
		for _, x := range xs {
			if x < 0 {
				return
			}
			ch <- x
		}
		close(ch)
	}()
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

// Nothing closes the channel at all.
func neverClosed(xs []int) {
	ch := make(chan int, len(xs))
	go func() { // want `goroutine ranges over ch \(line 50\), which nothing closes: it never ends; close ch after the last send`
		for v := range ch {
			use(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
}

func neverClosedOwn(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	n := 0
	for v := range ch { // want `range over ch never ends: nothing closes ch; close it after the last send`
		n += v
	}
	return n
}

// Silent look-alikes.

func consumerDeferredClose(xs []int) error {
	ch := make(chan int)
	defer close(ch)
	go func() {
		for v := range ch {
			use(v)
		}
	}()
	for _, x := range xs {
		if x < 0 {
			return errBad
		}
		ch <- x
	}
	return nil
}

func producerDeferredClose(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			if x < 0 {
				return
			}
			ch <- x
		}
	}()
	n := 0
	for v := range ch {
		n += v
	}
	return n
}

func closedOnEveryPath(xs []int) error {
	ch := make(chan int)
	go func() {
		for v := range ch {
			use(v)
		}
	}()
	for _, x := range xs {
		if x < 0 {
			close(ch)
			return errBad
		}
		ch <- x
	}
	close(ch)
	return nil
}

// The range body leaves on its own: it does not wait for the close.
func counted(xs []int) int {
	ch := make(chan int)
	go func() {
		for _, x := range xs {
			ch <- x
		}
	}()
	n := 0
	for v := range ch {
		n += v
		if n > 10 {
			break
		}
	}
	return n
}

// The channel escapes: someone else may close it.
func escapes(xs []int, reg func(chan int)) {
	ch := make(chan int)
	reg(ch)
	go func() {
		for v := range ch {
			use(v)
		}
	}()
	for _, x := range xs {
		ch <- x
	}
}

// The buffer is filled and closed before the workers start: each range
// drains it and ends. Silent.
func prefilledClosed(n, workers int, work func(int)) {
	next := make(chan int, n)
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	for w := 0; w < workers; w++ {
		go func() {
			for p := range next {
				work(p)
			}
		}()
	}
}
