package plain

import (
	"errors"
	"sync"
)

var errNoService = errors.New("no service")

// A generic service map whose StopAndWaitChan answers on a channel of
// one slot it has just made: a goroutine sends on one branch, the
// function itself on the other, where its send is the first: it finds
// room, whatever lock its caller holds. The model calls the map's
// methods through instances (svcMap[string, int]), whose bodies are
// their origin's: the channel they return is made for the call.

type svcMap[K comparable, S any] struct {
	services map[K]S
	tokens   map[K]func() error
}

func (s *svcMap[K, S]) StopAndWaitChan(k K) <-chan error {
	ret := make(chan error, 1)
	if stop, ok := s.tokens[k]; ok {
		go func() { ret <- stop() }()
	} else {
		ret <- errNoService
	}
	return ret
}

func (s *svcMap[K, S]) RemoveAndWaitChan(k K) <-chan error {
	ret := s.StopAndWaitChan(k)
	delete(s.services, k)
	return ret
}

type svcModel struct {
	mut     sync.RWMutex
	runners *svcMap[string, int]
	conns   map[string]bool
}

func (m *svcModel) removeFolder(id string) {
	m.mut.RLock()
	wait := m.runners.StopAndWaitChan(id)
	m.mut.RUnlock()
	<-wait
	m.mut.Lock()
	delete(m.conns, id)
	m.mut.Unlock()
}

func (m *svcModel) Closed(id string) {
	m.mut.Lock()
	var wait <-chan error
	if m.conns[id] {
		wait = m.runners.RemoveAndWaitChan(id)
	}
	delete(m.conns, id)
	m.mut.Unlock()
	if wait != nil {
		<-wait
	}
}

func (m *svcModel) Commit(ids []string) {
	for _, id := range ids {
		go m.removeFolder(id)
	}
}

// The same map answering on one channel it keeps for every call: a
// slot another removal filled keeps the send waiting, with the read
// lock held, for that removal's receive, which waits for a read lock
// behind a writer queued on this one.
type sharedMap[K comparable, S any] struct {
	tokens  map[K]func() error
	results chan error
}

func (s *sharedMap[K, S]) StopAndWaitChan(k K) <-chan error {
	if stop, ok := s.tokens[k]; ok {
		go func() { s.results <- stop() }()
	} else {
		s.results <- errNoService
	}
	return s.results
}

type sharedModel struct {
	mut     sync.RWMutex
	runners *sharedMap[string, int]
	conns   map[string]bool
}

func (m *sharedModel) removeFolder(id string) {
	m.mut.RLock()
	wait := m.runners.StopAndWaitChan(id) // want `sync read lock m.mut \(locked at branchsend.go:\d+\) is held while waiting for another goroutine: \(\*sharedMap\).StopAndWaitChan does a channel send \(branchsend.go:\d+\); release it before waiting \(the receive at branchsend.go:\d+ in \(\*sharedModel\).removeFolder, run by the goroutine started at branchsend.go:\d+, may take m.mut first\)`
	m.mut.RUnlock()
	<-wait
	m.mut.Lock()
	delete(m.conns, id)
	m.mut.Unlock()
}

func (m *sharedModel) Commit(ids []string) {
	for _, id := range ids {
		go m.removeFolder(id)
	}
}
