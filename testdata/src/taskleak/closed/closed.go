// Package closed: a compactor answers each command on the channel the
// command carries, and the waiter may stop waiting first. A waiter that
// closes that channel whenever it leaves releases the compactor's send
// (it panics, and the compactor recovers): no leak. A waiter that leaves
// without closing it, on some exit or on all, abandons the send.
package closed

import (
	"errors"
	"time"
)

var errStopped = errors.New("compactor stopped")

// Each command type has its own reply field, so each is its own channel.
type (
	autoCmd  struct{ ack chan<- error }
	rangeCmd struct {
		lo, hi int
		ack    chan<- error
	}
	flushCmd struct{ ack chan<- error }
	syncCmd  struct{ ack chan<- error }
	snapCmd  struct{ ack chan<- error }
	trimCmd  struct{ ack chan<- error }
)

type command interface{ reply(err error) }

// The waiter may have left and closed ack: the send then panics, and the
// compactor recovers.
func (c autoCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err
}

func (c rangeCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err
}

func (c flushCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err
}

func (c syncCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err // want `send on syncCmd.ack blocks forever once its receiver leaves: the select at closed.go:\d+ stops receiving by its case <-time.After\(d\)`
}

func (c snapCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err // want `send on snapCmd.ack blocks forever once its receiver leaves: the select at closed.go:\d+ stops receiving by its case <-db.closed`
}

func (c trimCmd) reply(err error) {
	defer func() { recover() }()
	c.ack <- err // want `send on trimCmd.ack blocks forever once its receiver leaves: the select at closed.go:\d+ stops receiving by its case <-db.closed`
}

type DB struct {
	cmds   chan command
	closed chan struct{}
}

func Open() *DB {
	db := &DB{cmds: make(chan command), closed: make(chan struct{})}
	go db.compactor()
	return db
}

func (db *DB) Close() { close(db.closed) }

func (db *DB) compactor() {
	for {
		select {
		case c := <-db.cmds:
			c.reply(db.compact())
		case <-db.closed:
			return
		}
	}
}

func (db *DB) compact() error { return nil }

// send hands a command to the compactor, or gives up when the DB closes.
func (db *DB) send(c command) error {
	select {
	case db.cmds <- c:
		return nil
	case <-db.closed:
		return errStopped
	}
}

// CompactWait closes its reply channel on every exit, by a defer: a late
// reply panics and is recovered. Silent.
func (db *DB) CompactWait() error {
	ch := make(chan error)
	defer close(ch)
	if err := db.send(autoCmd{ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-db.closed:
		return errStopped
	}
}

// CompactRange closes it in a deferred literal. Silent.
func (db *DB) CompactRange(lo, hi int) (err error) {
	ch := make(chan error)
	defer func() {
		close(ch)
	}()
	if err := db.send(rangeCmd{lo, hi, ch}); err != nil {
		return err
	}
	select {
	case err = <-ch:
	case <-db.closed:
		err = errStopped
	}
	return err
}

// Flush closes it in the clause that stops waiting, before it leaves.
// Silent.
func (db *DB) Flush() error {
	ch := make(chan error)
	if err := db.send(flushCmd{ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-db.closed:
		close(ch)
		return errStopped
	}
}

// Sync closes its reply channel when the DB closes, but not when its
// timeout fires: the compactor's reply then waits forever.
func (db *DB) Sync(d time.Duration) error {
	ch := make(chan error)
	if err := db.send(syncCmd{ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-db.closed:
		close(ch)
		return errStopped
	case <-time.After(d):
		return errors.New("sync timed out")
	}
}

// Snapshot closes a channel when it leaves, but not the one the reply
// comes on.
func (db *DB) Snapshot() error {
	ch := make(chan error)
	done := make(chan error)
	defer close(done)
	if err := db.send(snapCmd{ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		return err
	case <-db.closed:
		return errStopped
	}
}

// Trim closes its reply channel only after the select, on the path the
// reply came back: leaving by db.closed returns first.
func (db *DB) Trim() error {
	ch := make(chan error)
	if err := db.send(trimCmd{ch}); err != nil {
		return err
	}
	select {
	case err := <-ch:
		close(ch)
		return err
	case <-db.closed:
		return errStopped
	}
}

func (db *DB) check() error { return nil }

// Check runs a consistency check on a goroutine that closes the channel
// after its send: the receiver that leaves closes nothing, and the send,
// the close behind it, waits forever.
func (db *DB) Check() error {
	ch := make(chan error)
	go func() {
		defer close(ch)
		ch <- db.check() // want `send on ch blocks forever once its receiver leaves`
	}()
	select {
	case err := <-ch:
		return err
	case <-db.closed:
		return errStopped
	}
}
