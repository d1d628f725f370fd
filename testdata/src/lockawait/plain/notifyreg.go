package plain

import (
	"sync"
	"time"
)

// An AMQP-style channel tells its listeners that it closed, under its
// notify lock, on the channels they registered with NotifyClose, which
// returns the channel it was given. A listener takes the lock to
// register, before the channel can find its channel: once it can, the
// listener takes no lock before it receives.
type amqpChannel struct {
	notifyM sync.RWMutex
	closes  []chan error
	closed  bool
}

func newAMQPChannel(errs <-chan error) *amqpChannel {
	ch := &amqpChannel{}
	go ch.watch(errs)
	return ch
}

func (ch *amqpChannel) NotifyClose(c chan error) chan error {
	ch.notifyM.Lock()
	defer ch.notifyM.Unlock()
	if ch.closed {
		close(c)
	} else {
		ch.closes = append(ch.closes, c)
	}
	return c
}

func (ch *amqpChannel) watch(errs <-chan error) {
	err := <-errs
	ch.notifyM.Lock()
	defer ch.notifyM.Unlock()
	ch.closed = true
	for _, c := range ch.closes {
		c <- err
	}
}

func AwaitClose(ch *amqpChannel, timeout time.Duration) error {
	select {
	case err := <-ch.NotifyClose(make(chan error)):
		return err
	case <-time.After(timeout):
		return nil
	}
}

func AwaitCloseRecv(ch *amqpChannel) error {
	return <-ch.NotifyClose(make(chan error))
}

// The same registration counts its listeners after it has published the
// channel, taking the lock again: the channel may hold the lock to
// deliver on the new listener's channel while the listener's
// registration waits for it.
type countedChannel struct {
	notifyM   sync.Mutex
	closes    []chan error
	listeners int
}

func newCountedChannel(errs <-chan error) *countedChannel {
	ch := &countedChannel{}
	go ch.watch(errs)
	return ch
}

func (ch *countedChannel) NotifyClose(c chan error) chan error {
	ch.notifyM.Lock()
	ch.closes = append(ch.closes, c)
	ch.notifyM.Unlock()
	ch.notifyM.Lock()
	ch.listeners++
	ch.notifyM.Unlock()
	return c
}

func (ch *countedChannel) watch(errs <-chan error) {
	err := <-errs
	ch.notifyM.Lock()
	defer ch.notifyM.Unlock()
	for _, c := range ch.closes {
		c <- err // want `sync lock ch.notifyM \(locked at notifyreg.go:\d+\) is held while waiting for another goroutine: a channel send \(notifyreg.go:\d+\); release it before waiting \(the receive at notifyreg.go:\d+ in AwaitCountedClose may take ch.notifyM first\)`
	}
}

func AwaitCountedClose(ch *countedChannel) error {
	return <-ch.NotifyClose(make(chan error))
}
