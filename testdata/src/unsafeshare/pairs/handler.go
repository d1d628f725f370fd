package pairs

import "net"

// A transport calls the handler it is given from each connection's
// goroutine. SetHandler is exported: other packages register handlers
// too, so the one this package passes is not all the field may hold,
// and the race checker does not take it as what the goroutines run.
// Not reported (the lock checks still follow it).
type transport struct {
	handler func(msg string)
}

func (t *transport) SetHandler(h func(msg string)) { t.handler = h }

func (t *transport) serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		go t.handle(conn)
	}
}

func (t *transport) handle(conn net.Conn) {
	defer conn.Close()
	if t.handler != nil {
		t.handler("hello")
	}
}

func useTransport(t *transport, ln net.Listener) bool {
	invoked := false
	t.SetHandler(func(string) { invoked = true })
	t.serve(ln)
	return invoked
}
