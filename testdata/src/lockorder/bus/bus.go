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

// Topic calls its closed handler under mu when it is closed by Close,
// but after it unlocks when it drains: which lock the handler runs under
// depends on the call, and no order is passed on.
type Topic struct {
	mu       sync.Mutex
	onClosed func()
	closed   bool
}

func (t *Topic) SetClosedHandler(f func()) {
	t.mu.Lock()
	t.onClosed = f
	t.mu.Unlock()
}

func (t *Topic) Close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.closed = true
	if t.onClosed != nil {
		t.onClosed()
	}
}

func (t *Topic) Drain() {
	t.mu.Lock()
	done := t.onClosed
	t.mu.Unlock()
	if done != nil {
		done()
	}
}

func (t *Topic) Closed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closed
}
