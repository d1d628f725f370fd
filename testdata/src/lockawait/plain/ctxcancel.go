package plain

import (
	"context"
	"sync"
)

// A session waits for its end holding its lock: it waits for its
// context's Done channel, which only its cancel function closes, and
// Close takes the lock before it calls the cancel function.
type ctxSession struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	state  string
}

func newCtxSession(parent context.Context) *ctxSession {
	ctx, cancel := context.WithCancel(parent)
	return &ctxSession{ctx: ctx, cancel: cancel}
}

func (s *ctxSession) WaitClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.ctx.Done() // want `sync lock s.mu \(locked at ctxcancel.go:\d+\) is held while waiting for another goroutine: a channel receive \(ctxcancel.go:\d+\); release it before waiting \(the cancel of its context at ctxcancel.go:\d+ in \(\*ctxSession\).Close may take s.mu first\)`
	s.state = "closed"
}

func (s *ctxSession) Close() {
	s.mu.Lock()
	s.state = "closing"
	s.mu.Unlock()
	s.cancel()
}

// The same session whose Close cancels first, and only then takes the
// lock: the waiter is woken before Close needs the lock.
type cancelFirstSession struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	state  string
}

func newCancelFirstSession(parent context.Context) *cancelFirstSession {
	s := &cancelFirstSession{}
	s.ctx, s.cancel = context.WithTimeout(parent, 0)
	return s
}

func (s *cancelFirstSession) WaitClosed() {
	s.mu.Lock()
	defer s.mu.Unlock()
	<-s.ctx.Done()
	s.state = "closed"
}

func (s *cancelFirstSession) Close() {
	s.cancel()
	s.mu.Lock()
	s.state = "closing"
	s.mu.Unlock()
}

// A worker that holds the lock while it selects on its context and its
// jobs: the stop case's cancel comes from Stop, which takes the lock
// first, and nothing else sends jobs while Stop waits.
type ctxWorker struct {
	mu     sync.Mutex
	ctx    context.Context
	cancel context.CancelFunc
	jobs   chan func()
	done   int
}

func newCtxWorker() *ctxWorker {
	w := &ctxWorker{jobs: make(chan func())}
	w.ctx, w.cancel = context.WithCancel(context.Background())
	go w.run()
	return w
}

func (w *ctxWorker) run() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		select { // want `sync lock w.mu \(locked at ctxcancel.go:\d+\) is held while waiting for another goroutine: a select without default \(ctxcancel.go:\d+\); release it before waiting \(the cancel of its context at ctxcancel.go:\d+ in \(\*ctxWorker\).Stop may take w.mu first\)`
		case <-w.ctx.Done():
			return
		case job := <-w.jobs:
			job()
			w.done++
		}
	}
}

func (w *ctxWorker) Stop() int {
	w.mu.Lock()
	n := w.done
	w.mu.Unlock()
	w.cancel()
	return n
}
