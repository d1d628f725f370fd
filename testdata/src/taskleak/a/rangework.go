package a

// A worker pool whose Close signals done but never closes the work
// channel the workers range over: they never stop.
type workPool struct {
	work chan func()
	done chan struct{}
}

func newWorkPool(n int) *workPool {
	p := &workPool{work: make(chan func()), done: make(chan struct{})}
	for i := 0; i < n; i++ {
		go func() {
			for f := range p.work { // want `the range over workPool.work never ends: nothing in the package closes workPool.work \(Close closes workPool.done at rangework.go:22, not it\), so the goroutine started at rangework.go:13 never stops; close workPool.work once nothing sends on it`
				f()
			}
		}()
	}
	return p
}

func (p *workPool) Close()          { close(p.done) }
func (p *workPool) Submit(f func()) { p.work <- f }

// The same pool whose Close closes the work channel: silent.
type closingPool struct {
	work chan func()
	done chan struct{}
}

func newClosingPool(n int) *closingPool {
	p := &closingPool{work: make(chan func()), done: make(chan struct{})}
	for i := 0; i < n; i++ {
		go func() {
			for f := range p.work {
				f()
			}
		}()
	}
	return p
}

func (p *closingPool) Close() {
	close(p.done)
	close(p.work)
}

func (p *closingPool) Submit(f func()) { p.work <- f }

// A pool for the life of the process, with no shutdown at all: silent.
type foreverPool struct {
	work chan func()
}

func newForeverPool(n int) *foreverPool {
	p := &foreverPool{work: make(chan func())}
	for i := 0; i < n; i++ {
		go func() {
			for f := range p.work {
				f()
			}
		}()
	}
	return p
}

func (p *foreverPool) Submit(f func()) { p.work <- f }
