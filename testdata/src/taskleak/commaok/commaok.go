// Package commaok: a channel stored in a map and closed after a comma-ok
// lookup (c, ok := m[k]) is the map's element: its receiver is served.
package commaok

import "sync"

type sequencer struct {
	mu   sync.Mutex
	id   uint
	wait map[uint]chan struct{}
}

func (s *sequencer) Start(id uint) {
	s.mu.Lock()
	if s.id == id {
		s.mu.Unlock()
		return
	}
	c := make(chan struct{})
	if s.wait == nil {
		s.wait = make(map[uint]chan struct{})
	}
	s.wait[id] = c
	s.mu.Unlock()
	<-c
}

func (s *sequencer) End(id uint) {
	s.mu.Lock()
	id++
	s.id = id
	c, ok := s.wait[id]
	if ok {
		delete(s.wait, id)
	}
	s.mu.Unlock()
	if ok {
		close(c)
	}
}

// WRONG: the map's channels are never closed or sent on.
type waiters struct {
	mu   sync.Mutex
	wait map[uint]chan struct{}
}

func (w *waiters) Wait(id uint) {
	c := make(chan struct{})
	w.mu.Lock()
	w.wait[id] = c
	w.mu.Unlock()
	<-c // want `receive from .* blocks forever: nothing in the package sends on .* or closes it`
}

func (w *waiters) Drop(id uint) {
	w.mu.Lock()
	if _, ok := w.wait[id]; ok {
		delete(w.wait, id)
	}
	w.mu.Unlock()
}

func Run(s *sequencer, w *waiters) {
	go s.Start(1)
	go w.Wait(1)
	s.End(0)
	w.Drop(1)
}
