package plain

import "sync"

// An async writer: Flush asks the buffer's goroutine how much is left
// until nothing is; Close, holding closingMu, flushes and then closes
// the info channel. The close is another side of Flush's receive, but
// Close gets to it only through Flush itself: a second Close would have
// to pass the same wait first. The buffer's goroutine, which answers,
// takes no lock. Not reported.
type infoReq struct{ left int }

type asyncWriter struct {
	closingMu sync.Mutex
	infoCh    chan infoReq
	flushCh   chan struct{}
	stopCh    chan struct{}
	buf       []string
	closed    bool
}

func newAsyncWriter() *asyncWriter {
	w := &asyncWriter{infoCh: make(chan infoReq), flushCh: make(chan struct{}), stopCh: make(chan struct{})}
	go w.bufferProc()
	return w
}

func (w *asyncWriter) bufferProc() {
	for {
		select {
		case <-w.flushCh:
			w.buf = w.buf[:0]
		case <-w.stopCh:
			return
		case <-w.infoCh:
			w.infoCh <- infoReq{left: len(w.buf)}
		}
	}
}

func (w *asyncWriter) Flush() {
	w.flushCh <- struct{}{}
	w.waitForFlushing()
}

func (w *asyncWriter) waitForFlushing() {
	for {
		w.infoCh <- infoReq{}
		info := <-w.infoCh
		if info.left == 0 {
			break
		}
	}
}

func (w *asyncWriter) Close() {
	w.closingMu.Lock()
	defer w.closingMu.Unlock()
	if !w.closed {
		w.Flush()
		close(w.stopCh)
		close(w.infoCh)
		w.closed = true
	}
}

// The same writer whose buffer goroutine checks, under closingMu,
// whether the writer is closing before it answers: Close holds
// closingMu while it waits for that answer.
type checkingWriter struct {
	closingMu sync.Mutex
	infoCh    chan infoReq
	flushCh   chan struct{}
	buf       []string
	closed    bool
}

func newCheckingWriter() *checkingWriter {
	w := &checkingWriter{infoCh: make(chan infoReq), flushCh: make(chan struct{})}
	go w.bufferProc()
	return w
}

func (w *checkingWriter) bufferProc() {
	for {
		select {
		case <-w.flushCh:
			w.buf = w.buf[:0]
		case _, ok := <-w.infoCh:
			if !ok {
				return
			}
			w.closingMu.Lock()
			left := len(w.buf)
			w.closingMu.Unlock()
			w.infoCh <- infoReq{left: left}
		}
	}
}

func (w *checkingWriter) Flush() {
	w.flushCh <- struct{}{}
	w.waitForFlushing()
}

func (w *checkingWriter) waitForFlushing() {
	for {
		w.infoCh <- infoReq{}
		info := <-w.infoCh
		if info.left == 0 {
			break
		}
	}
}

func (w *checkingWriter) Close() {
	w.closingMu.Lock()
	defer w.closingMu.Unlock()
	if !w.closed {
		w.Flush() // want `sync lock w.closingMu \(locked at flushwait.go:\d+\) is held while waiting for another goroutine: \(\*checkingWriter\).Flush does a channel send`
		close(w.infoCh)
		w.closed = true
	}
}
