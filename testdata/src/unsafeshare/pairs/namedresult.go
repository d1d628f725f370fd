package pairs

import "net"

// An acceptor that serves one connection in a goroutine, which hands
// the session over on the channel the method returns as a named result.
type acceptedSession struct {
	conn net.Conn
}

type Acceptor struct {
	ln net.Listener
}

// Serve returns the channel the goroutine sends on: return sessions,
// nil stores nothing into sessions (the compiler emits no store for a
// named result returned as itself). Silent.
func (a *Acceptor) Serve() (sessions chan *acceptedSession, err error) {
	sessions = make(chan *acceptedSession, 1)
	go func() {
		conn, err := a.ln.Accept()
		if err != nil {
			return
		}
		sessions <- &acceptedSession{conn: conn}
	}()
	return sessions, nil
}

// ServeChecked gives up when it cannot dial itself, returning nil for
// sessions: that return assigns the named result while the goroutine,
// whose Accept may have succeeded, reads it.
func (a *Acceptor) ServeChecked() (sessions chan *acceptedSession, err error) {
	sessions = make(chan *acceptedSession, 1)
	go func() {
		conn, err := a.ln.Accept()
		if err != nil {
			return
		}
		sessions <- &acceptedSession{conn: conn}
	}()
	c, err := net.Dial("tcp", a.ln.Addr().String())
	if err != nil {
		a.ln.Close()
		return nil, err // want `sessions is written here \(the return assigns the named result\) by the caller of ServeChecked and read at namedresult.go:\d+ by the goroutine started at namedresult.go:\d+`
	}
	c.Close()
	return sessions, nil
}
