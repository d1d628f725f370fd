package plain

import "sync"

// deliver makes the channel that tells its caller a message is
// delivered, and closes it itself when there is nobody to deliver to,
// or has a goroutine that captures it close it later. Send waits on it
// under the read lock: the close in deliver comes before anybody can
// wait on the channel, so the locks deliver's callers took do not
// hold it up, and the goroutine takes none.
type deliveryBus struct {
	mu   sync.RWMutex
	subs []chan string
}

func (b *deliveryBus) Subscribe() <-chan string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ch := make(chan string, 1)
	b.subs = append(b.subs, ch)
	return ch
}

func (b *deliveryBus) deliver(msg string) <-chan struct{} {
	done := make(chan struct{})
	if len(b.subs) == 0 {
		close(done)
		return done
	}
	subs := b.subs
	go func() {
		for _, s := range subs {
			select {
			case s <- msg:
			default:
			}
		}
		close(done)
	}()
	return done
}

func (b *deliveryBus) Send(msg string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	<-b.deliver(msg)
}

// The same bus whose delivering goroutine counts what it delivered
// under the write lock, before it closes the channel that Send waits
// on with the read lock held.
type countingBus struct {
	mu        sync.RWMutex
	subs      []chan string
	delivered int
}

func (b *countingBus) deliver(msg string) <-chan struct{} {
	done := make(chan struct{})
	if len(b.subs) == 0 {
		close(done)
		return done
	}
	subs := b.subs
	go func() {
		b.mu.Lock()
		b.delivered += len(subs)
		b.mu.Unlock()
		close(done)
	}()
	return done
}

func (b *countingBus) Send(msg string) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	<-b.deliver(msg) // want `sync read lock b.mu \(locked at delivery.go:75\) is held while waiting for another goroutine: a channel receive \(delivery.go:77\); release it before waiting \(the close at delivery.go:69 in a func literal in \(\*countingBus\).deliver, run by the goroutine started at delivery.go:65, may take b.mu first\)`
}
