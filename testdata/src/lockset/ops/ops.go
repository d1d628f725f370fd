// Package ops holds the lock operations lockset.Result.OpOf names.
package ops

import "sync"

type s struct {
	mu sync.Mutex
	rw sync.RWMutex
}

func f(x *s, l sync.Locker, m []*sync.Mutex) {
	x.mu.Lock()         // want `op: x.mu locks`
	x.mu.Unlock()       // want `op: x.mu unlocks`
	x.rw.RLock()        // want `op: x.rw locks \(read\)`
	x.rw.RUnlock()      // want `op: x.rw unlocks \(read\)`
	if x.mu.TryLock() { // want `op: x.mu locks \(try\)`
		x.mu.Unlock() // want `op: x.mu unlocks`
	}
	l.Lock()    // want `op: l locks`
	l.Unlock()  // want `op: l unlocks`
	m[0].Lock() // an index: not a path the analysis tracks
	m[0].Unlock()
}
