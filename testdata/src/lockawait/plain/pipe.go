package plain

import (
	"errors"
	"sync"
)

// A synchronous pipe: a write holds wrMu until a reader has taken all
// of it, or the pipe is closed. A second writer waits for wrMu, and may
// close the pipe after its own write; the reader, which needs no lock,
// ends the first write. Contention among writers is what wrMu is for:
// not reported.
type pipe struct {
	wrMu sync.Mutex
	wrCh chan []byte
	rdCh chan int
	once sync.Once
	done chan struct{}
}

func newPipe() *pipe {
	return &pipe{wrCh: make(chan []byte), rdCh: make(chan int), done: make(chan struct{})}
}

func (p *pipe) read(b []byte) (int, error) {
	select {
	case bw := <-p.wrCh:
		n := copy(b, bw)
		p.rdCh <- n
		return n, nil
	case <-p.done:
		return 0, errors.New("closed")
	}
}

func (p *pipe) write(b []byte) (n int, err error) {
	p.wrMu.Lock()
	defer p.wrMu.Unlock()
	for once := true; once || len(b) > 0; once = false {
		select {
		case p.wrCh <- b:
			nw := <-p.rdCh
			b = b[nw:]
			n += nw
		case <-p.done:
			return n, errors.New("closed")
		}
	}
	return n, nil
}

func (p *pipe) close() { p.once.Do(func() { close(p.done) }) }

// writeAndClose is a second writer: it takes wrMu only in write.
func writeAndClose(p *pipe, b []byte) {
	p.write(b)
	p.close()
}

// relay copies one pipe into another: on its way back to a read it
// may take wrMu, by writing.
func relay(dst, src *pipe) {
	buf := make([]byte, 8)
	for {
		n, err := src.read(buf)
		if err != nil {
			dst.close()
			return
		}
		dst.write(buf[:n])
	}
}

func usePipe() {
	p, q := newPipe(), newPipe()
	go writeAndClose(p, []byte("a"))
	go writeAndClose(p, []byte("b"))
	go relay(q, p)
	p = q
	buf := make([]byte, 8)
	for {
		if _, err := p.read(buf); err != nil {
			return
		}
	}
}

// The same pipe where closing takes the writers' lock: a write blocked
// on a reader that has gone keeps the closer out forever.
type lockedPipe struct {
	wrMu   sync.Mutex
	wrCh   chan []byte
	done   chan struct{}
	closed bool
}

func (p *lockedPipe) read() []byte {
	select {
	case b := <-p.wrCh:
		return b
	case <-p.done:
		return nil
	}
}

func (p *lockedPipe) write(b []byte) {
	p.wrMu.Lock()
	defer p.wrMu.Unlock()
	select { // want `sync lock p.wrMu \(locked at pipe.go:\d+\) is held while waiting for another goroutine: a select without default`
	case p.wrCh <- b:
	case <-p.done:
	}
}

func (p *lockedPipe) close() {
	p.wrMu.Lock()
	defer p.wrMu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.done)
	}
}

func useLockedPipe(p *lockedPipe) {
	go p.write([]byte("a"))
	go p.close()
	p.read()
}

// A pool asks its opener goroutine for connections on a request queue
// sized never to fill; the opener takes mu to add each connection. The
// send finds room: not reported.
type pool struct {
	mu       sync.Mutex
	open     int
	requests chan struct{}
}

const requestQueueSize = 1000000

func newPool() *pool {
	p := &pool{requests: make(chan struct{}, requestQueueSize)}
	go p.opener()
	return p
}

func (p *pool) opener() {
	for range p.requests {
		p.mu.Lock()
		p.open++
		p.mu.Unlock()
	}
}

func (p *pool) grow(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.requests <- struct{}{}
	}
}

// The same pool with a small queue: grow may fill it while the opener
// waits for mu.
type smallPool struct {
	mu       sync.Mutex
	open     int
	requests chan struct{}
}

func newSmallPool() *smallPool {
	p := &smallPool{requests: make(chan struct{}, 8)}
	go p.opener()
	return p
}

func (p *smallPool) opener() {
	for range p.requests {
		p.mu.Lock()
		p.open++
		p.mu.Unlock()
	}
}

func (p *smallPool) grow(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for range n {
		p.requests <- struct{}{} // want `sync lock p.mu \(locked at pipe.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

// A reply delivered once: the only send on result, which has room for
// it, is followed by its close. A second delivery would panic on the
// closed channel; it never waits for a receiver. Not reported.
type want struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newWant() *want { return &want{result: make(chan int, 1)} }

func (w *want) deliver(v int) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.result <- v
	close(w.result)
	return true
}

func (w *want) wait() int {
	w.mu.Lock()
	w.mu.Unlock()
	return <-w.result
}

func useWant() int {
	w := newWant()
	go w.deliver(1)
	go w.deliver(2)
	return w.wait()
}

// The same reply on an unbuffered channel: deliver holds mu until the
// receiver comes, and the receiver takes mu first.
type syncWant struct {
	mu     sync.Mutex
	result chan int
}

func (w *syncWant) deliver(v int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.result <- v // want `sync lock w.mu \(locked at pipe.go:\d+\) is held while waiting for another goroutine: a channel send`
	close(w.result)
}

func (w *syncWant) wait() int {
	w.mu.Lock()
	w.mu.Unlock()
	return <-w.result
}

func useSyncWant() int {
	w := &syncWant{result: make(chan int)}
	go w.deliver(1)
	return w.wait()
}

// The request queue's size in a package variable, set once: still sized
// never to fill.
var varQueueSize = 1 << 20

type varPool struct {
	mu       sync.Mutex
	open     int
	requests chan struct{}
}

func newVarPool() *varPool {
	p := &varPool{requests: make(chan struct{}, varQueueSize)}
	go p.opener()
	return p
}

func (p *varPool) opener() {
	for range p.requests {
		p.mu.Lock()
		p.open++
		p.mu.Unlock()
	}
}

func (p *varPool) grow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests <- struct{}{}
}

// A size that a test may change is not known.
var tunableQueueSize = 1 << 20

func setQueueSize(n int) { tunableQueueSize = n }

type tunablePool struct {
	mu       sync.Mutex
	open     int
	requests chan struct{}
}

func newTunablePool() *tunablePool {
	p := &tunablePool{requests: make(chan struct{}, tunableQueueSize)}
	go p.opener()
	return p
}

func (p *tunablePool) opener() {
	for range p.requests {
		p.mu.Lock()
		p.open++
		p.mu.Unlock()
	}
}

func (p *tunablePool) grow() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests <- struct{}{} // want `sync lock p.mu \(locked at pipe.go:\d+\) is held while waiting for another goroutine: a channel send`
}
