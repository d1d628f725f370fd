package plain

import (
	"context"
	"errors"
	"sync"
)

// A table of pending requests, each with a reply channel that has room
// for its answer. The answer takes the channel out of the table, under
// the table's lock, before it sends: no other answer can find it again,
// so the one send on each channel finds room, and the lock is not held
// across a wait. Not reported.
type publishReply struct {
	id  int
	err error
}

type pubTable struct {
	mu      sync.Mutex
	next    int
	pending map[int]chan publishReply
}

func (p *pubTable) Publish(ctx context.Context) (int, error) {
	p.mu.Lock()
	p.next++
	id := p.next
	reply := make(chan publishReply, 1)
	p.pending[id] = reply
	p.mu.Unlock()

	select {
	case r := <-reply:
		return r.id, r.err
	case <-ctx.Done():
		p.mu.Lock()
		_, still := p.pending[id]
		delete(p.pending, id)
		p.mu.Unlock()
		if !still {
			<-reply // answered under the lock in the meantime
		}
		return 0, ctx.Err()
	}
}

type publishAnswer struct {
	id  int
	err error
}

func (p *pubTable) accept(a publishAnswer) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if reply, ok := p.pending[a.id]; ok {
		delete(p.pending, a.id)
		reply <- publishReply{id: a.id, err: a.err}
	}
}

func (p *pubTable) reject(id int) {
	p.mu.Lock()
	reply, ok := p.pending[id]
	if !ok {
		p.mu.Unlock()
		return
	}
	delete(p.pending, id)
	reply <- publishReply{id: id, err: errors.New("rejected")}
	p.mu.Unlock()
}

// Shutdown fails every pending request, taking each out as it goes.
func (p *pubTable) Shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, reply := range p.pending {
		delete(p.pending, id)
		reply <- publishReply{id: id, err: errors.New("shut down")}
	}
}

// The same table with reply channels that have no buffer: the answer
// waits under the lock for the caller, who, once its ctx is done, takes
// the lock to give up the request. Reported.
type syncPubTable struct {
	mu      sync.Mutex
	next    int
	pending map[int]chan publishReply
}

func (p *syncPubTable) Publish(ctx context.Context) (int, error) {
	p.mu.Lock()
	p.next++
	id := p.next
	reply := make(chan publishReply)
	p.pending[id] = reply
	p.mu.Unlock()

	select {
	case r := <-reply:
		return r.id, r.err
	case <-ctx.Done():
		p.mu.Lock()
		_, still := p.pending[id]
		delete(p.pending, id)
		p.mu.Unlock()
		if !still {
			<-reply
		}
		return 0, ctx.Err()
	}
}

func (p *syncPubTable) accept(id int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if reply, ok := p.pending[id]; ok {
		delete(p.pending, id)
		reply <- publishReply{id: id} // want `sync lock p.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

// The same table whose answer leaves the channel in the table: a second
// answer for the same request finds the buffer full and waits, under
// the lock. Reported.
type leakyPubTable struct {
	mu      sync.Mutex
	next    int
	pending map[int]chan publishReply
}

func (p *leakyPubTable) Publish(ctx context.Context) (int, error) {
	p.mu.Lock()
	p.next++
	id := p.next
	reply := make(chan publishReply, 1)
	p.pending[id] = reply
	p.mu.Unlock()

	select {
	case r := <-reply:
		return r.id, r.err
	case <-ctx.Done():
		p.mu.Lock()
		_, still := p.pending[id]
		delete(p.pending, id)
		p.mu.Unlock()
		if !still {
			<-reply
		}
		return 0, ctx.Err()
	}
}

func (p *leakyPubTable) accept(id int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if reply, ok := p.pending[id]; ok {
		reply <- publishReply{id: id} // want `sync lock p.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

// Shutdown fails every pending request and leaves them in the table: a
// second Shutdown finds the buffers full.
func (p *leakyPubTable) Shutdown() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for id, reply := range p.pending {
		reply <- publishReply{id: id, err: errors.New("shut down")} // want `sync lock p.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

// A track whose subscribers wait on one-slot channels kept in a list.
// Whoever answers them sends on each and clears the list before the
// lock goes: no channel is answered twice. Not reported.
type subResult struct {
	stream int
	err    error
}

type remoteTrack struct {
	mu      sync.Mutex
	active  bool
	waiters []chan subResult
}

func (t *remoteTrack) Subscribe(ctx context.Context) (int, error) {
	t.mu.Lock()
	if t.active {
		t.mu.Unlock()
		return 1, nil
	}
	waiter := make(chan subResult, 1)
	t.waiters = append(t.waiters, waiter)
	t.mu.Unlock()

	select {
	case r := <-waiter:
		return r.stream, r.err
	case <-ctx.Done():
		t.mu.Lock()
		removed := t.removeWaiter(waiter)
		t.mu.Unlock()
		if !removed {
			<-waiter // answered in the meantime
		}
		return 0, ctx.Err()
	}
}

func (t *remoteTrack) removeWaiter(w chan subResult) bool {
	for i, x := range t.waiters {
		if x == w {
			t.waiters = append(t.waiters[:i], t.waiters[i+1:]...)
			return true
		}
	}
	return false
}

func (t *remoteTrack) activate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.active = true
	for _, w := range t.waiters {
		w <- subResult{stream: 1}
	}
	t.waiters = nil
}

func (t *remoteTrack) end(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, w := range t.waiters {
		w <- subResult{err: err}
	}
	t.waiters = nil
}

// The same track whose end leaves the list as it is: an activate that
// follows answers the same channels again, and finds them full. Reported.
type leakyTrack struct {
	mu      sync.Mutex
	active  bool
	waiters []chan subResult
}

func (t *leakyTrack) Subscribe(ctx context.Context) (int, error) {
	t.mu.Lock()
	if t.active {
		t.mu.Unlock()
		return 1, nil
	}
	waiter := make(chan subResult, 1)
	t.waiters = append(t.waiters, waiter)
	t.mu.Unlock()

	select {
	case r := <-waiter:
		return r.stream, r.err
	case <-ctx.Done():
		t.mu.Lock()
		t.mu.Unlock()
		<-waiter
		return 0, ctx.Err()
	}
}

func (t *leakyTrack) activate() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.active = true
	for _, w := range t.waiters {
		w <- subResult{stream: 1} // want `sync lock t.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
	t.waiters = nil
}

func (t *leakyTrack) end(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, w := range t.waiters {
		w <- subResult{err: err} // want `sync lock t.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}

// An RPC link keeps the reply channel of each request in a map, through
// two helpers: one puts a fresh one-slot channel in and returns it to
// the caller, who only waits on it; the other takes one out and returns
// it to the router, which sends the reply. A broken link fails every
// request, ranging over the map and dropping it, under the lock the
// helpers take. No channel is sent on twice. Not reported.
type rpcReply struct {
	body string
	err  error
}

type rpcLink struct {
	mu      sync.Mutex
	pending map[string]chan rpcReply
	failed  error
	replies chan rpcReply
}

func (l *rpcLink) addChannel(id string) chan rpcReply {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending == nil {
		return nil
	}
	ch := make(chan rpcReply, 1)
	l.pending[id] = ch
	return ch
}

func (l *rpcLink) takeChannel(id string) chan rpcReply {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending == nil {
		return nil
	}
	ch := l.pending[id]
	delete(l.pending, id)
	return ch
}

func (l *rpcLink) Call(ctx context.Context, id string) (string, error) {
	ch := l.addChannel(id)
	if ch == nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		return "", l.failed
	}
	select {
	case r := <-ch:
		return r.body, r.err
	case <-ctx.Done():
		l.takeChannel(id)
		return "", ctx.Err()
	}
}

func (l *rpcLink) route(id, body string) {
	if ch := l.takeChannel(id); ch != nil {
		ch <- rpcReply{body: body}
	}
}

func (l *rpcLink) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ch := range l.pending {
		ch <- rpcReply{err: err}
	}
	l.failed = err
	l.pending = nil
}

// The same link whose fail leaves the map in place: the router may
// still find a channel that fail filled, and a second fail finds them
// all full. Reported.
type leakyRPCLink struct {
	mu      sync.Mutex
	pending map[string]chan rpcReply
	failed  error
}

func (l *leakyRPCLink) addChannel(id string) chan rpcReply {
	l.mu.Lock()
	defer l.mu.Unlock()
	ch := make(chan rpcReply, 1)
	l.pending[id] = ch
	return ch
}

func (l *leakyRPCLink) Call(ctx context.Context, id string) (string, error) {
	ch := l.addChannel(id)
	select {
	case r := <-ch:
		return r.body, r.err
	case <-ctx.Done():
		l.mu.Lock()
		delete(l.pending, id)
		l.mu.Unlock()
		<-ch
		return "", ctx.Err()
	}
}

func (l *leakyRPCLink) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, ch := range l.pending {
		ch <- rpcReply{err: err} // want `sync lock l.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
	l.failed = err
}

// The table whose answer sends twice on the channel it took out: the
// second send finds the slot full. Reported, at both sends: the proof
// that each channel is sent on once fails for the whole table.
type twiceTable struct {
	mu      sync.Mutex
	pending map[int]chan publishReply
}

func (p *twiceTable) Publish(ctx context.Context, id int) (int, error) {
	p.mu.Lock()
	reply := make(chan publishReply, 1)
	p.pending[id] = reply
	p.mu.Unlock()
	select {
	case r := <-reply:
		return r.id, r.err
	case <-ctx.Done():
		p.mu.Lock()
		_, still := p.pending[id]
		delete(p.pending, id)
		p.mu.Unlock()
		if !still {
			<-reply
		}
		return 0, ctx.Err()
	}
}

func (p *twiceTable) accept(id int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if reply, ok := p.pending[id]; ok {
		delete(p.pending, id)
		reply <- publishReply{id: id} // want `sync lock p.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
		reply <- publishReply{id: id} // want `sync lock p.mu \(locked at claimed.go:\d+\) is held while waiting for another goroutine: a channel send`
	}
}
