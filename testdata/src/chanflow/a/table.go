package a

// A session's receive loop dispatches each frame through a table of
// handlers: they run on the loop's goroutine.
type session struct{ frames []int }

var handlers = []func(*session, int) error{
	0: (*session).handleData,
	1: (*session).handlePing,
}

func newSession() *session {
	s := &session{}
	go s.recvLoop()
	return s
}

func (s *session) recvLoop() { // want `recvLoop run by 14`
	for _, t := range s.frames {
		if err := handlers[t](s, t); err != nil {
			return
		}
	}
}

func (s *session) handleData(int) error { return nil } // want `handleData run by 14`

func (s *session) handlePing(int) error { return nil } // want `handlePing run by 14`
