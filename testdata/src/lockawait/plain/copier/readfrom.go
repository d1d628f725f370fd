package copier

import (
	"io"
	"sync"
)

// A remoteFile is a file on a server. ReadFrom holds the file's mu
// while a reader goroutine reads r and hands the chunks over: r is what
// the caller copies from (a socket, another file), handed in by the
// caller, not the file itself. remoteFile is an io.Reader too, so r.Read
// may run (*remoteFile).Read, but on that other file, whose mu it takes.
// Not reported.
type remoteFile struct {
	mu     sync.Mutex
	offset int
	data   []byte
}

func (f *remoteFile) Read(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := copy(b, f.data[f.offset:])
	f.offset += n
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (f *remoteFile) ReadFrom(r io.Reader) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.readFromLocked(r)
}

func (f *remoteFile) readFromLocked(r io.Reader) (int64, error) {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 512)
			n, err := fillChunk(r, b)
			if n > 0 {
				chunks <- b[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	var total int64
	for c := range chunks {
		f.data = append(f.data, c...)
		total += int64(len(c))
	}
	return total, nil
}

// fillChunk reads until b is full or r fails.
func fillChunk(r io.Reader, b []byte) (n int, err error) {
	for n < len(b) && err == nil {
		var nn int
		nn, err = r.Read(b[n:])
		n += nn
	}
	return n, err
}

// A mirrorFile's Duplicate hands copyOf the file itself: the goroutine
// reads it, through the same io.Reader parameter, while Duplicate holds
// mu and waits for the chunks, and mirrorFile.Read needs that mu.
// Reported.
type mirrorFile struct {
	mu     sync.Mutex
	offset int
	data   []byte
}

func (f *mirrorFile) Read(b []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := copy(b, f.data[f.offset:])
	f.offset += n
	if n == 0 {
		return 0, io.EOF
	}
	return n, nil
}

func (f *mirrorFile) Duplicate() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.copyOf(f)
}

func (f *mirrorFile) copyOf(r io.Reader) int {
	chunks := make(chan []byte)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 512)
			n, err := r.Read(b)
			if n > 0 {
				chunks <- b[:n]
			}
			if err != nil {
				return
			}
		}
	}()
	total := 0
	for c := range chunks { // want `sync lock f.mu \(locked at readfrom.go:92\) is held while waiting`
		total += len(c)
	}
	return total
}
