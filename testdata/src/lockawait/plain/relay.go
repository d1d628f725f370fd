package plain

import "sync"

// A write-ahead log whose committer locks the log before it takes each
// batch. Flush holds the log's lock while it waits for the writers it
// starts, and each writer hands its batch to the committer: the
// committer waits for the lock, the writers for the committer, Flush for
// the writers (reported).
type wal struct {
	mu      sync.Mutex
	batches chan []byte
	size    int
}

func newWAL() *wal {
	l := &wal{batches: make(chan []byte)}
	go l.committer()
	return l
}

func (l *wal) committer() {
	for {
		l.mu.Lock()
		l.size++
		l.mu.Unlock()
		b := <-l.batches
		_ = b
	}
}

func (l *wal) Flush(parts [][]byte) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func(p []byte) {
			defer wg.Done()
			l.batches <- p
		}(p)
	}
	wg.Wait() // want `sync lock l.mu \(locked at relay.go:33\) is held while waiting for another goroutine: \(\*sync.WaitGroup\).Wait \(relay.go:43\); release it before waiting \(the Done at relay.go:39 in a func literal in \(\*wal\).Flush, run by the goroutine started at relay.go:38, which first sends on wal.batches \(relay.go:40\) to \(\*wal\).committer, run by the goroutine started at relay.go:18, which may take l.mu first\)`
}

// The same log with a second consumer that takes batches without the
// lock (an archiver): a writer's send can always complete. Silent.
type walArchive struct {
	mu      sync.Mutex
	batches chan []byte
	size    int
	archive [][]byte
}

func newWALArchive() *walArchive {
	j := &walArchive{batches: make(chan []byte)}
	go j.committer()
	go j.archiver()
	return j
}

func (j *walArchive) committer() {
	for {
		j.mu.Lock()
		j.size++
		j.mu.Unlock()
		<-j.batches
	}
}

func (j *walArchive) archiver() {
	for b := range j.batches {
		j.archive = append(j.archive, b)
	}
}

func (j *walArchive) Flush(parts [][]byte) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func(p []byte) {
			defer wg.Done()
			j.batches <- p
		}(p)
	}
	wg.Wait()
}

// The log's Flush that lets the lock go before it waits. Silent.
type walEarly struct {
	mu      sync.Mutex
	batches chan []byte
	size    int
}

func newWALEarly() *walEarly {
	l := &walEarly{batches: make(chan []byte)}
	go l.committer()
	return l
}

func (l *walEarly) committer() {
	for {
		l.mu.Lock()
		l.size++
		l.mu.Unlock()
		<-l.batches
	}
}

func (l *walEarly) Flush(parts [][]byte) {
	l.mu.Lock()
	n := len(parts)
	l.mu.Unlock()
	var wg sync.WaitGroup
	for _, p := range parts[:n] {
		wg.Add(1)
		go func(p []byte) {
			defer wg.Done()
			l.batches <- p
		}(p)
	}
	wg.Wait()
}
