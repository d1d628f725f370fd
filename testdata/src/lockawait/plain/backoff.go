package plain

import (
	"errors"
	"sync"
	"time"
)

// A client redials with backoff holding its lock, while a reporter
// goroutine takes the same lock every tick: the message names the
// reporter's Lock, not the client's own.
type redialer struct {
	mu    sync.Mutex
	conn  int
	stats int
}

func dialOnce() (int, error) { return 0, errors.New("refused") }

func (c *redialer) reconnect() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i < 5; i++ {
		conn, err := dialOnce()
		if err == nil {
			c.conn = conn
			return nil
		}
		time.Sleep(time.Duration(i) * 100 * time.Millisecond) // want `sync lock c.mu \(locked at backoff.go:21\) is held while waiting for another goroutine: time.Sleep \(backoff.go:29\); release it before waiting \(the Lock at backoff.go:36 in \(\*redialer\).report, run by the goroutine started at backoff.go:44, takes c.mu, and waits as long as this sleep\)`
	}
	return errors.New("give up")
}

func (c *redialer) report(tick <-chan time.Time) {
	for range tick {
		c.mu.Lock()
		c.stats++
		c.mu.Unlock()
	}
}

func startRedialer(tick <-chan time.Time) *redialer {
	c := &redialer{}
	go c.report(tick)
	go c.reconnect()
	return c
}
