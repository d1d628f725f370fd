package gateuse

import (
	"time"

	"fixtures/unsafeshare/gatelib"
)

// Ready reads done only after WaitAndLock, which waits in another
// package for the goroutine's Unlock(true): ordered.
func Ready() bool {
	g := gatelib.New()
	done := false
	go func() {
		time.Sleep(time.Millisecond)
		g.Lock()
		done = true
		g.Unlock(true)
	}()
	g.WaitAndLock()
	ok := done
	g.Unlock(true)
	return ok
}

// Early reads done before it waits, and the goroutine writes it before
// it touches the gate: they race.
func Early() bool {
	g := gatelib.New()
	done := false
	go func() {
		time.Sleep(time.Millisecond)
		done = true // want `done is written by the goroutine started at gateuse.go:31 and read at gateuse.go:36 by its starter`
		g.Unlock(true)
	}()
	ok := done
	g.WaitAndLock()
	g.Unlock(true)
	return ok
}
