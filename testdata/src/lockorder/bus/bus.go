// want package:`lock order \(bus\.Bus\)\.mu -> the callbacks of \(\*bus\.Bus\)\.Subscribe#0`

package bus

import "sync"

// Bus calls its subscribers while it holds mu: a subscriber that takes
// a lock of its own makes the order mu, then that lock.
type Bus struct {
	mu   sync.Mutex
	subs []func(string)
	log  []string
}

func (b *Bus) Subscribe(f func(string)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs = append(b.subs, f)
}

func (b *Bus) Publish(m string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.log = append(b.log, m)
	for _, f := range b.subs {
		f(m)
	}
}

func (b *Bus) Len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.log)
}
