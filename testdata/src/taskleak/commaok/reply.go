package commaok

import (
	"context"
	"sync"
)

// A reply channel per call, looked up by its id on each turn of the
// reader's loop: each send is on another call's channel, which has room
// for its one reply though the caller may leave by ctx first. Silent.
type client struct {
	mu      sync.Mutex
	pending map[int]chan string
	in      chan msg
}

type msg struct {
	id   int
	body string
}

func (c *client) Call(ctx context.Context, id int) (string, error) {
	r := make(chan string, 1)
	c.mu.Lock()
	c.pending[id] = r
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	select {
	case s := <-r:
		return s, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func (c *client) read() {
	for m := range c.in {
		c.mu.Lock()
		r, ok := c.pending[m.id]
		c.mu.Unlock()
		if ok {
			r <- m.body
		}
	}
}

func Dial(in chan msg) *client {
	c := &client{pending: make(map[int]chan string), in: in}
	go c.read()
	return c
}
