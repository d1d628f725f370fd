// want package:`lock order \(ended\.Stream\)\.stateLock -> \(ended\.Session\)\.streamLock, \(ended\.Session\)\.streamLock -> \(ended\.Stream\)\.stateLock, \(ended\.Chan\)\.chanMu -> \(ended\.Mux\)\.muxLock, \(ended\.Mux\)\.muxLock -> \(ended\.Chan\)\.chanMu`

package ended

import "sync"

// A session's receive loop dispatches frames through a table of
// handlers. A stream's flags are processed holding its stateLock, and a
// FIN removes the stream from the session under streamLock. Close waits
// for the receive loop to end before it takes streamLock and then each
// stream's stateLock: the handlers cannot run any more by then. Not
// reported.
type Session struct {
	streamLock sync.Mutex
	streams    map[uint32]*Stream
	frames     chan frame
	recvDone   chan struct{}
}

type Stream struct {
	session   *Session
	id        uint32
	stateLock sync.Mutex
	state     int
}

type frame struct {
	kind int
	id   uint32
}

var handlers = []func(*Session, frame) error{
	0: (*Session).handleData,
	1: (*Session).handlePing,
}

func NewSession() *Session {
	s := &Session{streams: map[uint32]*Stream{}, frames: make(chan frame), recvDone: make(chan struct{})}
	go s.recv()
	return s
}

func (s *Session) recv() {
	_ = s.recvLoop()
}

func (s *Session) recvLoop() error {
	defer close(s.recvDone)
	for f := range s.frames {
		if err := handlers[f.kind](s, f); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) handleData(f frame) error {
	s.streamLock.Lock()
	st := s.streams[f.id]
	s.streamLock.Unlock()
	if st != nil {
		st.processFlags()
	}
	return nil
}

func (s *Session) handlePing(frame) error { return nil }

func (st *Stream) processFlags() {
	st.stateLock.Lock()
	defer st.stateLock.Unlock()
	st.state = 2
	st.session.closeStream(st.id)
}

func (s *Session) closeStream(id uint32) {
	s.streamLock.Lock()
	delete(s.streams, id)
	s.streamLock.Unlock()
}

func (s *Session) Close() {
	close(s.frames)
	<-s.recvDone
	s.streamLock.Lock()
	defer s.streamLock.Unlock()
	for _, st := range s.streams {
		st.forceClose()
	}
}

func (st *Stream) forceClose() {
	st.stateLock.Lock()
	st.state = 3
	st.stateLock.Unlock()
}

// The same session whose handlers a caller can also run directly
// (Inject, for a frame that did not come from the wire): processFlags
// may then run while Close holds muxLock, after the loop's end.
type Mux struct {
	muxLock sync.Mutex
	chans   map[uint32]*Chan
	frames  chan frame
	done    chan struct{}
}

type Chan struct {
	mux    *Mux
	id     uint32
	chanMu sync.Mutex
	state  int
}

func NewMux() *Mux {
	m := &Mux{chans: map[uint32]*Chan{}, frames: make(chan frame), done: make(chan struct{})}
	go m.loop()
	return m
}

func (m *Mux) loop() {
	defer close(m.done)
	for f := range m.frames {
		m.Inject(f)
	}
}

// Inject handles f as if it had come from the wire.
func (m *Mux) Inject(f frame) {
	m.muxLock.Lock()
	c := m.chans[f.id]
	m.muxLock.Unlock()
	if c != nil {
		c.processFlags()
	}
}

func (c *Chan) processFlags() {
	c.chanMu.Lock()
	defer c.chanMu.Unlock()
	c.state = 2
	c.mux.remove(c.id) // want `lock order inversion: \(\*ended.Chan\).processFlags takes \(ended.Chan\).chanMu then \(ended.Mux\).muxLock`
}

func (m *Mux) remove(id uint32) {
	m.muxLock.Lock()
	delete(m.chans, id)
	m.muxLock.Unlock()
}

func (m *Mux) Close() {
	close(m.frames)
	<-m.done
	m.muxLock.Lock()
	defer m.muxLock.Unlock()
	for _, c := range m.chans {
		c.chanMu.Lock()
		c.state = 3
		c.chanMu.Unlock()
	}
}
