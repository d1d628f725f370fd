package plain

import (
	"sync"
	"time"
)

// A peer client that counts its in-flight requests under wgMu, so that
// an Add never races with Shutdown's Wait, made under the same lock.
// A request takes wgMu only to count itself: once counted, it takes it
// no more before its deferred Done.
type peerClient struct {
	wgMu sync.Mutex
	wg   sync.WaitGroup
	sent int
}

func (c *peerClient) Request(d time.Duration) {
	c.wgMu.Lock()
	c.wg.Add(1)
	c.wgMu.Unlock()
	defer c.wg.Done()
	time.Sleep(d)
}

func (c *peerClient) Shutdown() {
	go func() {
		c.wgMu.Lock()
		defer c.wgMu.Unlock()
		c.wg.Wait()
	}()
}

// The same client whose request counts what it sent under wgMu after
// it is counted: Shutdown, holding wgMu, waits for a request that waits
// for wgMu.
type countingPeerClient struct {
	wgMu sync.Mutex
	wg   sync.WaitGroup
	sent int
}

func (c *countingPeerClient) Request(d time.Duration) {
	c.wgMu.Lock()
	c.wg.Add(1)
	c.wgMu.Unlock()
	defer c.wg.Done()
	time.Sleep(d)
	c.wgMu.Lock()
	c.sent++
	c.wgMu.Unlock()
}

func (c *countingPeerClient) Shutdown() {
	go func() {
		c.wgMu.Lock()
		defer c.wgMu.Unlock()
		c.wg.Wait() // want `sync lock c.wgMu \(locked at inflight.go:56\) is held while waiting for another goroutine: \(\*sync.WaitGroup\).Wait \(inflight.go:58\); release it before waiting \(the Done at inflight.go:47 in \(\*countingPeerClient\).Request may take c.wgMu first\)`
	}()
}
