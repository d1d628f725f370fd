package a

import (
	"errors"
	"sync"
)

type wireConn struct {
	rlock sync.Mutex
	next  int32
}

func (c *wireConn) peek() (int32, error) { return c.next, nil }

// waitResponse returns with rlock held when the response is this
// caller's, and hands the lock to it: the caller reads the body and
// unlocks. Not a leak.
func (c *wireConn) waitResponse(id int32) (lock *sync.Mutex, err error) {
	for {
		c.rlock.Lock()
		rid, err := c.peek()
		if err != nil {
			c.rlock.Unlock()
			return nil, err
		}
		if rid == id {
			lock = &c.rlock
			break
		}
		c.rlock.Unlock()
	}
	return lock, nil
}

func (c *wireConn) ReadResponse(id int32) error {
	lock, err := c.waitResponse(id)
	if err != nil {
		return err
	}
	defer lock.Unlock()
	return nil
}

// peekOrFail returns with rlock held on its error path and gives the
// caller nothing to unlock: a leak.
func (c *wireConn) peekOrFail(id int32) error {
	c.rlock.Lock()
	rid, err := c.peek()
	if err != nil {
		return err // want `c.rlock locked at handoff.go:47 is still held at the return at handoff.go:50`
	}
	if rid != id {
		c.rlock.Unlock()
		return errors.New("not ours")
	}
	c.rlock.Unlock()
	return nil
}
