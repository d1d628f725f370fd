package plain

import "sync"

// A janitor's Stop tells its loop to end, holding stopMu, only when the
// loop runs: Start clears stopped, under stopMu, and then runs the loop,
// which takes stopMu no more. Stop saw stopped clear, so Start's section
// is over: the loop does not need the lock. Not reported.
type janitor struct {
	stopMu  sync.Mutex
	stopped bool
	stopCh  chan struct{}
	work    chan func()
}

func newJanitor() *janitor {
	return &janitor{stopped: true, stopCh: make(chan struct{}), work: make(chan func())}
}

func runJanitor() *janitor {
	j := newJanitor()
	go j.Start()
	return j
}

func (j *janitor) Start() {
	j.stopMu.Lock()
	if !j.stopped {
		j.stopMu.Unlock()
		return
	}
	j.stopped = false
	j.stopMu.Unlock()
	for {
		select {
		case <-j.stopCh:
			return
		case f := <-j.work:
			f()
		}
	}
}

func (j *janitor) Stop() {
	j.stopMu.Lock()
	defer j.stopMu.Unlock()
	if j.stopped {
		return
	}
	j.stopCh <- struct{}{}
	j.stopped = true
}

// The same janitor built without stopped set: stopped is clear before
// any Start, so Stop may send with no loop to receive, holding stopMu,
// which a later Start waits for. Reported.
type bareJanitor struct {
	stopMu  sync.Mutex
	stopped bool
	stopCh  chan struct{}
	work    chan func()
}

func newBareJanitor() *bareJanitor {
	return &bareJanitor{stopCh: make(chan struct{}), work: make(chan func())}
}

func runBareJanitor() *bareJanitor {
	j := newBareJanitor()
	go j.Start()
	return j
}

func (j *bareJanitor) Start() {
	j.stopMu.Lock()
	if !j.stopped {
		j.stopMu.Unlock()
		return
	}
	j.stopped = false
	j.stopMu.Unlock()
	for {
		select {
		case <-j.stopCh:
			return
		case f := <-j.work:
			f()
		}
	}
}

func (j *bareJanitor) Stop() {
	j.stopMu.Lock()
	defer j.stopMu.Unlock()
	if j.stopped {
		return
	}
	j.stopCh <- struct{}{} // want `sync lock j.stopMu \(locked at stopflag.go:\d+\) is held while waiting for another goroutine: a channel send`
	j.stopped = true
}
