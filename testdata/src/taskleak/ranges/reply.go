package ranges

import (
	"errors"
	"os"
)

func load(path string) ([]byte, error) { return os.ReadFile(path) }

// Fetch waits for the reader's result, but the reader returns on an
// error without sending: Fetch waits forever.
func Fetch(path string) []byte {
	res := make(chan []byte)
	go func() { // want `the receive from res at line 21 waits forever if this goroutine returns at line 17 without sending on res or closing it; send on every path, or close res`
		b, err := load(path)
		if err != nil {
			return
		}
		res <- b
	}()
	return <-res
}

// FetchErr sends the error too: every path sends.
func FetchErr(path string) ([]byte, error) {
	type result struct {
		b   []byte
		err error
	}
	res := make(chan result)
	go func() {
		b, err := load(path)
		if err != nil {
			res <- result{err: err}
			return
		}
		res <- result{b: b}
	}()
	r := <-res
	return r.b, r.err
}

// FetchClosed closes on the way out: the receive ends either way.
func FetchClosed(path string) []byte {
	res := make(chan []byte, 1)
	go func() {
		defer close(res)
		b, err := load(path)
		if err != nil {
			return
		}
		res <- b
	}()
	return <-res
}

// FetchPanics panics instead of returning: no silent path.
func FetchPanics(path string) []byte {
	res := make(chan []byte)
	go func() {
		b, err := load(path)
		if err != nil {
			panic(errors.Join(err, errors.New("load")))
		}
		res <- b
	}()
	return <-res
}

// FetchAll receives in a loop from goroutines started in a loop: the
// count is not this check's to prove.
func FetchAll(paths []string) [][]byte {
	res := make(chan []byte)
	for _, p := range paths {
		go func() {
			b, err := load(p)
			if err != nil {
				return
			}
			res <- b
		}()
	}
	var out [][]byte
	for range paths {
		out = append(out, <-res)
	}
	return out
}

func prepare(n int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

// Start's goroutine waits for the start signal, which an error return
// skips: the goroutine never ends.
func Start(n int) error {
	start := make(chan struct{})
	go func() { // want `goroutine waits at line 102 for a send on start or its close, which the function skips when it returns at line 106; close start on every path \(defer close\(start\)\)`
		<-start
		println("started")
	}()
	if err := prepare(n); err != nil {
		return err
	}
	close(start)
	return nil
}

// StartDeferred closes on every path.
func StartDeferred(n int) error {
	start := make(chan struct{})
	defer close(start)
	go func() {
		<-start
		println("started")
	}()
	return prepare(n)
}

// StartOrStop signals on both paths.
func StartOrStop(n int) error {
	start := make(chan bool)
	go func() {
		if ok := <-start; ok {
			println("started")
		}
	}()
	if err := prepare(n); err != nil {
		start <- false
		return err
	}
	start <- true
	return nil
}

// Feed's goroutine takes one value per item, as many as the function's
// loop sends: with no item, neither side waits.
func Feed(items []string) {
	work := make(chan string)
	go func() {
		for range items {
			println(<-work)
		}
	}()
	for _, it := range items {
		work <- it
	}
}

// Probe reads the error only when there is one: the receive never waits.
func Probe(paths []string, done chan struct{}) error {
	errc := make(chan error, 1)
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				if _, err := load(paths[0]); err != nil {
					errc <- err
					return
				}
			}
		}
	}()
	<-done
	if len(errc) > 0 {
		return <-errc
	}
	return nil
}

// Listen sends once per port, before any way out but the loop's end,
// which the loop over two ports does not take first.
func Listen(ports [2]string) error {
	ready := make(chan error, 1)
	go func() {
		for i := 0; i < 2; i++ {
			ready <- nil
			if _, err := load(ports[i]); err != nil {
				break
			}
		}
	}()
	return <-ready
}

// Serve tells its writer to stop each time a request comes, in a select
// loop that also ends on close: a protocol of several values, not a
// one-time signal the return skips.
func Serve(reqs, closed chan struct{}) {
	stop := make(chan bool)
	go func() {
		<-stop
		println("stopped")
	}()
	for {
		select {
		case <-reqs:
			stop <- true
		case <-closed:
			return
		}
	}
}

// The goroutine returns early only when stop is closed, and the function
// closes stop only after it has its value: silent.
func applyOnce(events <-chan int, apply func(int) bool) {
	stop := make(chan struct{})
	applied := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			case e := <-events:
				if apply(e) {
					applied <- struct{}{}
				}
			}
		}
	}()
	<-applied
	close(stop)
}

// Here stop may be closed first: the receive waits forever.
func applyOrStop(events <-chan int, apply func(int) bool, quit bool) {
	stop := make(chan struct{})
	applied := make(chan struct{})
	go func() { // want `the receive from applied at line \d+ waits forever if this goroutine returns at line \d+ without sending on applied or closing it`
		for {
			select {
			case <-stop:
				return
			case e := <-events:
				if apply(e) {
					applied <- struct{}{}
				}
			}
		}
	}()
	if quit {
		close(stop)
	}
	<-applied
}
