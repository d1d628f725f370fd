package pairs

import "runtime"

// A probe goroutine records its state, then signals ready from a
// callback it hands to a recursive helper; the starter reads the state
// once ready arrives. Silent.
type stackProbe struct {
	depth int
	state *int
}

func deep(n int, f func()) {
	if n == 0 {
		f()
		return
	}
	deep(n-1, f)
}

func (p *stackProbe) Measure(sample func(*int)) {
	ready := make(chan struct{})
	release := make(chan struct{})
	done := make(chan struct{})
	var st *int
	go func() {
		st = new(int)
		deep(p.depth, func() {
			ready <- struct{}{}
			<-release
		})
		done <- struct{}{}
	}()
	<-ready
	sample(st)
	release <- struct{}{}
	<-done
}

func (p *stackProbe) Exit() { deep(p.depth, runtime.Goexit) }
