package a

import "fixtures/lockset/facts/b"

func LockVia(s *b.S) { s.Lock() } // want LockVia:`acquires 0.mu`

type T struct {
	b.S
}

func (t *T) LockEmbedded() { t.Lock() } // want LockEmbedded:`acquires recv.S.mu`

func UnlockVia(t *T) { t.S.Unlock() } // want UnlockVia:`releases 0.S.mu`

func Global() { b.LockGlobal() } // want Global:`acquires fixtures/lockset/facts/b.mu`

func Balanced(s *b.S) {
	s.Lock()
	s.Unlock()
}
