package a

import "sync"

// A pool whose lock is a sync.Locker field, and whose Cond is made on
// the same mutex, given to both fields from one variable: the Cond's
// lock is p.lock.
type lockerPool struct {
	lock  sync.Locker
	cond  *sync.Cond
	items []int
}

func newLockerPool() *lockerPool {
	lock := new(sync.Mutex)
	return &lockerPool{lock: lock, cond: sync.NewCond(lock)}
}

func (p *lockerPool) Get() int {
	p.lock.Lock()
	defer p.lock.Unlock()
	for len(p.items) == 0 {
		p.cond.Wait()
	}
	x := p.items[0]
	p.items = p.items[1:]
	return x
}

// Next reads the count under the lock, lets it go, and then waits:
// Wait unlocks a mutex that is not held.
func (p *lockerPool) Next() int {
	p.lock.Lock()
	n := len(p.items)
	p.lock.Unlock()
	for n == 0 {
		p.cond.Wait() // want `p.cond.Wait without its lock p.lock held: it is not held on any path to the Wait`
		n = len(p.items)
	}
	return n
}

func (p *lockerPool) Put(x int) {
	p.lock.Lock()
	p.items = append(p.items, x)
	p.lock.Unlock()
	p.cond.Signal()
}
