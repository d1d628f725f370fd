package a

import "log"

// RIGHT: the process ends after the close.
func closeAndExit(xs []int, done chan struct{}) {
	for _, x := range xs {
		work(x)
		close(done)
		log.Fatal("done")
	}
}
