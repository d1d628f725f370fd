package plain

import "sync"

// An association's read loop handles each packet under the
// association's lock; completing the handshake hands the result to the
// dialer, or gives up when the read loop or the write loop has closed.
// The read loop closes its channel in its deferred cleanup, after taking
// the lock: that cleanup runs on the very goroutine that waits, after
// the wait returns. Not reported.
type association struct {
	lock          sync.Mutex
	handshakeDone chan error
	readClosed    chan struct{}
	writeClosed   chan struct{}
	state         int
	packets       chan []byte
}

func newAssociation() *association {
	a := &association{
		handshakeDone: make(chan error),
		readClosed:    make(chan struct{}),
		writeClosed:   make(chan struct{}),
		packets:       make(chan []byte),
	}
	go a.readLoop()
	return a
}

func (a *association) readLoop() {
	defer func() {
		a.lock.Lock()
		a.state = 0
		a.lock.Unlock()
		close(a.readClosed)
	}()
	for pkt := range a.packets {
		a.handlePacket(pkt)
	}
}

func (a *association) handlePacket(pkt []byte) {
	a.lock.Lock()
	defer a.lock.Unlock()
	if len(pkt) > 0 && pkt[0] == 1 {
		a.completeHandshake(nil)
	}
}

func (a *association) completeHandshake(err error) bool {
	select {
	case a.handshakeDone <- err:
		return true
	case <-a.writeClosed:
	case <-a.readClosed:
	}
	return false
}

func (a *association) Dial() error {
	select {
	case err := <-a.handshakeDone:
		return err
	case <-a.readClosed:
		return nil
	}
}

// The same association with a Close, which the user calls on any
// goroutine: it takes the lock before closing the write side, so a
// handshake waiting with the lock held waits for it.
type closingAssoc struct {
	lock          sync.Mutex
	handshakeDone chan error
	writeClosed   chan struct{}
	packets       chan []byte
	state         int
}

func (a *closingAssoc) readLoop() {
	for pkt := range a.packets {
		a.lock.Lock()
		if len(pkt) > 0 {
			select { // want `sync lock a.lock \(locked at ownexit.go:83\) is held while waiting for another goroutine`
			case a.handshakeDone <- nil:
			case <-a.writeClosed:
			}
		}
		a.lock.Unlock()
	}
}

func (a *closingAssoc) Close() {
	a.lock.Lock()
	a.state = 0
	a.lock.Unlock()
	close(a.writeClosed)
}

func startClosing() *closingAssoc {
	a := &closingAssoc{handshakeDone: make(chan error), writeClosed: make(chan struct{}), packets: make(chan []byte)}
	go a.readLoop()
	return a
}

// A timer's retransmission gives up under the lock and reports to the
// dialer, or stops when a side closes. The read loop's cleanup closes
// the write side (through a Once) before it takes the lock to close the
// read side: the wait is over by then. Not reported.
type rtxAssoc struct {
	lock        sync.Mutex
	done        chan error
	writeClosed chan struct{}
	readClosed  chan struct{}
	writeOnce   sync.Once
	packets     chan []byte
	state       int
}

func (a *rtxAssoc) giveUp() {
	a.lock.Lock()
	defer a.lock.Unlock()
	select {
	case a.done <- nil:
	case <-a.writeClosed:
	case <-a.readClosed:
	}
}

func (a *rtxAssoc) readLoop() {
	defer func() {
		a.writeOnce.Do(func() { close(a.writeClosed) })
		a.lock.Lock()
		a.state = 0
		a.lock.Unlock()
		close(a.readClosed)
	}()
	for range a.packets {
	}
}

func startRtx() *rtxAssoc {
	a := &rtxAssoc{done: make(chan error), writeClosed: make(chan struct{}), readClosed: make(chan struct{}), packets: make(chan []byte)}
	go a.readLoop()
	go a.giveUp()
	return a
}
