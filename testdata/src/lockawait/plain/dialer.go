package plain

import (
	"errors"
	"net"
	"sync"
)

// An association's read loop reports the end of the handshake while it
// holds mu. Dial starts the read loop and then waits for that report,
// or for the read loop's end, which the report's select watches too: it
// comes for sure, and needs no lock. The write loop takes mu before it
// closes closeWriteCh, but the report does not need it. Not reported.
type sctpAssoc struct {
	mu           sync.Mutex
	conn         net.Conn
	state        int
	handshakeCh  chan error
	closeWriteCh chan struct{}
	readDoneCh   chan struct{}
	closeOnce    sync.Once
}

func newSctpAssoc(conn net.Conn) *sctpAssoc {
	return &sctpAssoc{
		conn:         conn,
		handshakeCh:  make(chan error),
		closeWriteCh: make(chan struct{}),
		readDoneCh:   make(chan struct{}),
	}
}

// DialAssociation runs the handshake over conn.
func DialAssociation(conn net.Conn) (*sctpAssoc, error) {
	a := newSctpAssoc(conn)
	a.init()
	select {
	case err := <-a.handshakeCh:
		if err != nil {
			return nil, err
		}
		return a, nil
	case <-a.readDoneCh:
		return nil, errors.New("closed before the handshake")
	}
}

func (a *sctpAssoc) init() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.state = 1
	go a.readLoop()
	go a.writeLoop()
}

func (a *sctpAssoc) readLoop() {
	defer close(a.readDoneCh)
	buf := make([]byte, 1500)
	for {
		n, err := a.conn.Read(buf)
		if err != nil {
			return
		}
		a.handle(buf[:n])
	}
}

func (a *sctpAssoc) handle(b []byte) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(b) > 0 && b[0] == 1 && a.state == 1 {
		a.state = 2
		a.completeHandshake(nil)
	}
}

func (a *sctpAssoc) completeHandshake(err error) {
	select {
	case a.handshakeCh <- err:
	case <-a.closeWriteCh:
	case <-a.readDoneCh:
	}
}

func (a *sctpAssoc) writeLoop() {
	for {
		a.mu.Lock()
		st := a.state
		a.mu.Unlock()
		if _, err := a.conn.Write([]byte{byte(st)}); err != nil {
			a.closeOnce.Do(func() { close(a.closeWriteCh) })
			return
		}
	}
}

// The same association whose dialer takes mu again after it started the
// read loop, to note that it waits: the read loop may hold mu while it
// waits for the dialer, which waits for mu.
type slowAssociation struct {
	mu          sync.Mutex
	conn        net.Conn
	state       int
	handshakeCh chan error
	readDoneCh  chan struct{}
}

// DialSlow runs the handshake over conn.
func DialSlow(conn net.Conn) error {
	a := &slowAssociation{conn: conn, handshakeCh: make(chan error), readDoneCh: make(chan struct{})}
	go a.readLoop()
	a.mu.Lock()
	a.state = 1
	a.mu.Unlock()
	select {
	case err := <-a.handshakeCh:
		return err
	case <-a.readDoneCh:
		return errors.New("closed before the handshake")
	}
}

func (a *slowAssociation) readLoop() {
	defer close(a.readDoneCh)
	buf := make([]byte, 1500)
	for {
		n, err := a.conn.Read(buf)
		if err != nil {
			return
		}
		a.mu.Lock()
		if n > 0 && a.state == 1 {
			a.state = 2
			a.handshakeCh <- nil // want `sync lock a.mu \(locked at dialer.go:\d+\) is held while waiting for another goroutine: a channel send`
		}
		a.mu.Unlock()
	}
}
