// Package replay waits on a Cond for a goroutine that must first hand
// over events nobody can take yet, and the look-alikes that are right.
package replay

import "sync"

type feed struct {
	mu     sync.Mutex
	cond   *sync.Cond
	synced bool
	events chan string
	quit   chan struct{}
	seen   map[string]int
	once   sync.Once
}

// Open replays past events, waits until they are handed over, and only
// then starts the consumer: the replay blocks on its first send.
func Open(past []string) *feed {
	f := &feed{events: make(chan string), quit: make(chan struct{}), seen: map[string]int{}}
	f.cond = sync.NewCond(&f.mu)
	go f.replay(past)
	f.mu.Lock()
	for !f.synced {
		f.cond.Wait() // want `f.cond.Wait at replay.go:25 waits for the Broadcast at replay.go:43, which the goroutine started at replay.go:22 reaches only after its send on f.events at replay.go:35, received only after the Wait returns`
	}
	f.mu.Unlock()
	go f.consume()
	return f
}

func (f *feed) replay(past []string) {
	for _, ev := range past {
		select {
		case f.events <- ev:
		case <-f.quit:
			return
		}
	}
	f.mu.Lock()
	f.synced = true
	f.mu.Unlock()
	f.cond.Broadcast()
}

func (f *feed) consume() {
	for {
		select {
		case ev := <-f.events:
			f.mu.Lock()
			f.seen[ev]++
			f.mu.Unlock()
		case <-f.quit:
			return
		}
	}
}

// Close may be called more than once.
func (f *feed) Close() { f.once.Do(func() { close(f.quit) }) }

// A bare send that nothing receives before the Wait, in a goroutine
// that signals.
type boot struct {
	mu    sync.Mutex
	cond  *sync.Cond
	ready bool
	out   chan int
}

func Boot() *boot {
	b := &boot{out: make(chan int)}
	b.cond = sync.NewCond(&b.mu)
	go b.run()
	b.mu.Lock()
	for !b.ready {
		b.cond.Wait() // want `b.cond.Wait at replay.go:77 waits for the Signal at replay.go:88, which the goroutine started at replay.go:74 reaches only after its send on b.out at replay.go:84, received only after the Wait returns`
	}
	b.mu.Unlock()
	return b
}

func (b *boot) run() {
	b.out <- 1
	b.mu.Lock()
	b.ready = true
	b.mu.Unlock()
	b.cond.Signal()
}

func (b *boot) Next() int { return <-b.out }
