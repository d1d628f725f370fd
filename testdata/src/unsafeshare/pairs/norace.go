package pairs

import "net"

// An accept loop that polls a plain shutdown flag. The package marks
// the loop and Stop //go:norace: the race detector does not look at
// them, on purpose, and neither does the check.
type acceptMux struct {
	ln       net.Listener
	shutdown bool
	conns    chan net.Conn
}

//go:norace
func (m *acceptMux) Start() {
	m.shutdown = false
	go func() {
		for !m.shutdown {
			c, err := m.ln.Accept()
			if err != nil {
				return
			}
			m.conns <- c
		}
	}()
}

//go:norace
func (m *acceptMux) Stop() {
	m.shutdown = true
	m.ln.Close()
}

// The same loop without the directive is a race.
type plainAcceptMux struct {
	ln       net.Listener
	shutdown bool
	conns    chan net.Conn
}

func (m *plainAcceptMux) Start() {
	m.shutdown = false
	go func() {
		for !m.shutdown {
			c, err := m.ln.Accept()
			if err != nil {
				return
			}
			m.conns <- c
		}
	}()
}

func (m *plainAcceptMux) Stop() {
	m.shutdown = true // want `m.shutdown is written here by the caller of Stop and read at norace.go:\d+ by the goroutine started at norace.go:\d+`
	m.ln.Close()
}
