package a

import "sync"

// A client counts its router's dispatch as a worker: Add, then a call
// that starts the dispatch and returns its output channel, closed when
// the dispatch ends. The redirector drains that channel and calls Done
// for the dispatch when it sees the close, besides its own deferred
// Done. Not reported.
type mqttClient struct {
	workers sync.WaitGroup
	stop    chan struct{}
	out     chan int
}

func (c *mqttClient) dispatch(in <-chan int) <-chan int {
	acks := make(chan int)
	go func() {
		defer close(acks)
		for x := range in {
			acks <- x
		}
	}()
	return acks
}

func (c *mqttClient) startWorkers(in <-chan int) {
	c.workers.Add(1) // Done when acks is closed
	acks := c.dispatch(in)

	c.workers.Add(1)
	go func() {
		defer c.workers.Done()
		for {
			select {
			case x, ok := <-acks:
				if !ok {
					acks = nil
					c.workers.Done() // the dispatch has ended
					continue
				}
				c.out <- x
			case <-c.stop:
				if acks != nil {
					for x := range acks {
						c.out <- x
					}
					c.workers.Done() // the dispatch has ended
				}
				return
			}
		}
	}()
}

// The same redirector in a client whose every Add starts a goroutine of
// its own: the Done after the drain is one too many.
type plainClient struct {
	workers sync.WaitGroup
	stop    chan struct{}
	out     chan int
}

func (c *plainClient) startWorkers(acks <-chan int) {
	c.workers.Add(1)
	go func() {
		defer c.workers.Done()
		<-c.stop
		for x := range acks {
			c.out <- x
		}
		c.workers.Done() // want `c.workers.Done is called twice on this path: here, and by the deferred call at producer.go:\d+`
	}()
}
