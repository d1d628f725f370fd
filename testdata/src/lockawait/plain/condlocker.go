package plain

import "sync"

// A pool whose lock is a sync.Locker field, and whose Cond is made on
// the same mutex, handed to both fields from one local variable: Wait
// releases p.lock, and Put can take it to Signal. Not reported.
type lockerPool struct {
	limit   int
	created int
	lock    sync.Locker
	cond    *sync.Cond
	items   []any
	create  func() any
}

func newLockerPool(n int, create func() any) *lockerPool {
	lock := new(sync.Mutex)
	return &lockerPool{
		limit:  n,
		lock:   lock,
		cond:   sync.NewCond(lock),
		create: create,
	}
}

func (p *lockerPool) Get() any {
	p.lock.Lock()
	defer p.lock.Unlock()
	for {
		if n := len(p.items); n > 0 {
			x := p.items[n-1]
			p.items = p.items[:n-1]
			return x
		}
		if p.created < p.limit {
			p.created++
			return p.create()
		}
		p.cond.Wait()
	}
}

func (p *lockerPool) Put(x any) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.items = append(p.items, x)
	p.cond.Signal()
}

// The same pool whose Cond is made on a mutex of its own: Wait releases
// that one and keeps p.lock, which Put needs to Signal. Reported.
type twoLockPool struct {
	limit   int
	created int
	lock    sync.Locker
	cond    *sync.Cond
	items   []any
	create  func() any
}

func newTwoLockPool(n int, create func() any) *twoLockPool {
	lock := new(sync.Mutex)
	return &twoLockPool{
		limit:  n,
		lock:   lock,
		cond:   sync.NewCond(new(sync.Mutex)),
		create: create,
	}
}

func (p *twoLockPool) Get() any {
	p.lock.Lock()
	defer p.lock.Unlock()
	for {
		if n := len(p.items); n > 0 {
			x := p.items[n-1]
			p.items = p.items[:n-1]
			return x
		}
		if p.created < p.limit {
			p.created++
			return p.create()
		}
		p.cond.L.Lock()
		p.cond.Wait() // want `sync lock p.lock \(locked at condlocker.go:\d+\) is held while waiting for another goroutine: \(\*sync.Cond\).Wait`
		p.cond.L.Unlock()
	}
}

func (p *twoLockPool) Put(x any) {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.items = append(p.items, x)
	p.cond.L.Lock()
	p.cond.Signal()
	p.cond.L.Unlock()
}
