package a

import "fixtures/chanclose/lib"

// WRONG: a worker of another package closes out, and four of them run.
func remoteWorkers(in <-chan int, out chan int) {
	for range 4 {
		go lib.Worker(in, out) // want `goroutine started in a loop closes out: lib.Worker closes its parameter out \(lib.go:6\)`
	}
}

// RIGHT: one worker.
func remoteWorker(in <-chan int, out chan int) {
	go lib.Worker(in, out)
}

// RIGHT: a channel per worker.
func remotePerWorker(in <-chan int) []chan int {
	var outs []chan int
	for range 4 {
		out := make(chan int)
		outs = append(outs, out)
		go lib.Worker(in, out)
	}
	return outs
}

// RIGHT: a conditional close.
func remoteMaybe(done chan struct{}) {
	for i := range 4 {
		go lib.MaybeClose(done, i == 3)
	}
}
