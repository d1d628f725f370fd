package plain

import (
	"context"
	"sync"
)

// A client resends its credentials after a reconnect, holding credsMu,
// and waits for each reply. The reply channel is made for that request,
// and the receive loop answers it without a lock: the wait ends, even
// though Close, whose close of quit the select also watches, takes
// credsMu first. Not reported.
type zkRequest struct {
	xid   int
	reply chan error
}

type zkClient struct {
	credsMu sync.Mutex
	creds   []string
	sendCh  chan *zkRequest
	quit    chan struct{}
	pending map[int]*zkRequest
	pendMu  sync.Mutex
	nextXid int
}

func newZkClient() *zkClient {
	c := &zkClient{sendCh: make(chan *zkRequest, 16), quit: make(chan struct{}), pending: map[int]*zkRequest{}}
	go c.sendLoop()
	return c
}

func (c *zkClient) sendRequest() (<-chan error, error) {
	c.pendMu.Lock()
	c.nextXid++
	rq := &zkRequest{xid: c.nextXid, reply: make(chan error, 1)}
	c.pending[rq.xid] = rq
	c.pendMu.Unlock()
	select {
	case c.sendCh <- rq:
	case <-c.quit:
		return nil, context.Canceled
	}
	return rq.reply, nil
}

func (c *zkClient) sendLoop() {
	for rq := range c.sendCh {
		go c.answer(rq.xid)
	}
}

// answer is the receive loop's reply: it takes the request out of the
// table and answers it, with no lock held but the table's.
func (c *zkClient) answer(xid int) {
	c.pendMu.Lock()
	rq := c.pending[xid]
	delete(c.pending, xid)
	c.pendMu.Unlock()
	if rq != nil {
		rq.reply <- nil
	}
}

func (c *zkClient) resendAuth(ctx context.Context) error {
	c.credsMu.Lock()
	defer c.credsMu.Unlock()
	for range c.creds {
		res, err := c.sendRequest()
		if err != nil {
			return err
		}
		select {
		case err := <-res:
			if err != nil {
				return err
			}
		case <-c.quit:
			return context.Canceled
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (c *zkClient) AddAuth(cred string) {
	c.credsMu.Lock()
	c.creds = append(c.creds, cred)
	c.credsMu.Unlock()
}

// Close is called after AddAuth by some of the client's users.
func (c *zkClient) Close() {
	c.AddAuth("")
	close(c.quit)
}

// The same client whose answer records the credentials it has seen,
// under credsMu, before it replies on the channel the resend made: the
// resend holds credsMu and waits for an answer that waits for credsMu.
type zkAuthClient struct {
	credsMu sync.Mutex
	creds   []string
	seen    int
	quit    chan struct{}
}

func (c *zkAuthClient) answer(reply chan<- error) {
	c.credsMu.Lock()
	c.seen++
	c.credsMu.Unlock()
	reply <- nil
}

func (c *zkAuthClient) resendAuth() error {
	c.credsMu.Lock()
	defer c.credsMu.Unlock()
	for range c.creds {
		res := make(chan error, 1)
		go c.answer(res)
		select { // want `sync lock c.credsMu \(locked at reply.go:\d+\) is held while waiting for another goroutine: a select without default.*the send at reply.go:\d+ in \(\*zkAuthClient\).answer`
		case err := <-res:
			if err != nil {
				return err
			}
		case <-c.quit:
			return context.Canceled
		}
	}
	return nil
}

func (c *zkAuthClient) Close() { close(c.quit) }
