package a

import "sync"

// Prober starts probing with mu held; the probing goroutine unlocks mu
// when it is done.
type Prober struct {
	mu     sync.Mutex
	once   sync.Once
	done   chan struct{}
	closed bool
}

func (p *Prober) probe() bool { return false }

func (p *Prober) Start() {
	p.mu.Lock()
	go func() {
		defer p.mu.Unlock()
		if p.probe() {
			return
		}
		<-p.done
	}()
}

func (p *Prober) Close() {
	p.once.Do(func() {
		close(p.done)
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
	})
}

func startAndClose(p *Prober) {
	p.Start()
	p.Close() // silent: mu is the probing goroutine's, which lets it go
}

// StartHeld keeps mu: its goroutine never unlocks it.
func (p *Prober) StartHeld() {
	p.mu.Lock()
	go func() {
		p.probe()
	}()
}

func startHeldAndClose(p *Prober) {
	p.StartHeld()
	p.Close() // want `p.mu is locked by \(\*Prober\).StartHeld at handoff.go:\d+ and locked again`
}
