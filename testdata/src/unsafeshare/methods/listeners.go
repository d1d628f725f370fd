package methods

import (
	"net"
	"sync"
)

// A server that serves each listener in a goroutine of its own, started
// by a helper: the variables declared in the loop body are new in each
// iteration, set before the closure that captures them is made. Silent.
type Gateway struct {
	listeners []net.Listener
	wg        sync.WaitGroup
	errc      chan error
	served    []net.Listener
}

func (g *Gateway) Serve() {
	for _, pl := range g.listeners {
		l := pl
		g.goServe(func() error {
			c, err := l.Accept()
			if err == nil {
				c.Close()
			}
			return err
		})
	}
	for _, addr := range []string{"a", "b"} {
		ml, err := g.listen(addr)
		if err != nil {
			return
		}
		g.served = append(g.served, ml)
		g.goServe(func() error { return ml.Close() })
	}
}

func (g *Gateway) listen(addr string) (net.Listener, error) { return net.Listen("tcp", addr) }

func (g *Gateway) goServe(handler func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		g.errc <- handler()
	}()
}

// WRONG: one variable for all the iterations, written by the next
// iteration while the previous goroutine reads it.
func (g *Gateway) ServeShared() {
	var l net.Listener
	for _, pl := range g.listeners {
		l = pl // want `l is written here by the caller of ServeShared and read at listeners.go:\d+ by the goroutine started at listeners.go:\d+`
		g.goServe(func() error {
			_, err := l.Accept()
			return err
		})
	}
}
