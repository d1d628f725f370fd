package plain

import (
	"sync"
	"time"
)

// What a call site proves is looked for at most three steps down (the
// call, one more, the wait): Shutdown holds n.mu and remove waits first
// for run, which needs no lock, and then for the journal's flusher, which
// takes n.mu on every tick. The message shows the wait that needs it.
type node struct {
	mu   sync.Mutex
	wg   sync.WaitGroup
	quit chan struct{}
	log  *journal
	seen int
}

type journal struct {
	owner *node
	stopc chan struct{}
	done  chan struct{}
}

func newNode() *node {
	n := &node{quit: make(chan struct{})}
	n.log = &journal{owner: n, stopc: make(chan struct{}), done: make(chan struct{})}
	n.wg.Add(1)
	go n.run()
	go n.log.flush()
	return n
}

func (n *node) run() {
	defer n.wg.Done()
	<-n.quit
}

func (j *journal) flush() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		j.owner.mu.Lock()
		j.owner.seen++
		j.owner.mu.Unlock()
		select {
		case <-j.stopc:
			close(j.done)
			return
		case <-t.C:
		}
	}
}

func (j *journal) close() {
	close(j.stopc)
	<-j.done // want `sync lock n.mu \(locked at depth.go:\d+\) is held while waiting for another goroutine: \(\*node\).Shutdown calls \(\*node\).remove \(depth.go:\d+\), which calls \(\*journal\).close \(depth.go:\d+\), which does a channel receive`
}

func (n *node) remove() {
	close(n.quit)
	n.wg.Wait()
	n.log.close()
}

func (n *node) Shutdown() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.remove()
}

// One call deeper, the same wait is past what a call site proves: a
// class of lock matched four calls down is rarely the lock this
// goroutine holds. The wait for run, two calls down, counts for the
// locks run takes (statsMu), not for the ones the deeper wait needs.
// Silent; -lockawait.chans reports such chains.
type farNode struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	runs    int
	wg      sync.WaitGroup
	quit    chan struct{}
	log     *farJournal
	seen    int
}

type farJournal struct {
	owner *farNode
	stopc chan struct{}
	done  chan struct{}
}

func newFarNode() *farNode {
	n := &farNode{quit: make(chan struct{})}
	n.log = &farJournal{owner: n, stopc: make(chan struct{}), done: make(chan struct{})}
	n.wg.Add(1)
	go n.run()
	go n.log.flush()
	return n
}

func (n *farNode) run() {
	defer n.wg.Done()
	<-n.quit
	n.statsMu.Lock()
	n.runs++
	n.statsMu.Unlock()
}

func (j *farJournal) flush() {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		j.owner.mu.Lock()
		j.owner.seen++
		j.owner.mu.Unlock()
		select {
		case <-j.stopc:
			close(j.done)
			return
		case <-t.C:
		}
	}
}

func (j *farJournal) close() {
	close(j.stopc)
	j.wait()
}

func (j *farJournal) wait() { <-j.done }

func (n *farNode) remove() {
	close(n.quit)
	n.wg.Wait()
	n.log.close()
}

func (n *farNode) Shutdown() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.remove()
}
