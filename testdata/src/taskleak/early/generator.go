package early

// A generator makes a channel, starts its producer and hands the channel
// back: its caller is the one receiver, and leaving the range early
// leaves the producer blocked on its next send.
func lines(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i // want `send on ch blocks forever once its receiver stops: the loop receiving at generator.go:\d+ leaves by the return at line \d+ before the senders are done`
		}
		close(ch)
	}()
	return ch
}

func firstOver(n, limit int) int {
	for v := range lines(n) {
		if v > limit {
			return v
		}
	}
	return -1
}

// The same generator whose caller reads to the end: the producer
// finishes and closes.
func rows(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

func sumRows(n int) int {
	total := 0
	for v := range rows(n) {
		total += v
	}
	return total
}

// And one that takes a done channel its caller closes when it leaves:
// the producer selects on it.
func cells(n int, done <-chan struct{}) <-chan int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			select {
			case ch <- i:
			case <-done:
				return
			}
		}
	}()
	return ch
}

func firstCellOver(n, limit int) int {
	done := make(chan struct{})
	defer close(done)
	for v := range cells(n, done) {
		if v > limit {
			return v
		}
	}
	return -1
}
