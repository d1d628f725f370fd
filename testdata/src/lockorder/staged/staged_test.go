package staged

import (
	"runtime"
	"testing"
)

// The test holds the last batch's lock while it takes the buffer's, to
// pop the batch from under a merge that waits on it: the test and its
// merge never run failAll. Not reported.
func TestMergeDiscard(t *testing.T) {
	last := &batch{}
	b := &buffer{batches: []*batch{{}, last}}
	last.mu.Lock()
	done := make(chan struct{})
	go func() { defer close(done); b.merge() }()
	for merging := false; !merging; runtime.Gosched() {
		b.mu.Lock()
		merging = b.merging
		b.mu.Unlock()
	}
	b.mu.Lock()
	b.batches = b.batches[:1]
	b.mu.Unlock()
	last.mu.Unlock()
	<-done
}

// A test that fails the buffer while it holds a batch: its own call
// meets its own order. Reported, in the test.
func TestFailUnderBatch(t *testing.T) {
	bt := &batch{}
	b := &buffer{batches: []*batch{bt}}
	bt.mu.Lock()
	go b.failAll()
	b.mu.Lock() // want `lock order inversion: staged.TestFailUnderBatch takes \(staged.batch\).mu then \(staged.buffer\).mu \(bt.mu locked at staged_test.go:34, then b.mu at staged_test.go:36\), but \(\*staged.buffer\).failAll takes`
	b.mu.Unlock()
	bt.mu.Unlock()
}
