// Package lazytest is a logger that creates its console writer the first
// time it logs with none set: under the write lock of the writer it reads
// under the read lock.
package lazytest

import (
	"fmt"
	"os"
	"sync"
)

type Writer interface{ Write(s string) }

type atomicWriter struct {
	lock   sync.RWMutex
	writer Writer
}

func (w *atomicWriter) Load() Writer {
	w.lock.RLock()
	defer w.lock.RUnlock()
	return w.writer
}

func (w *atomicWriter) StoreIfNil(v Writer) Writer {
	w.lock.Lock()
	defer w.lock.Unlock()
	if w.writer == nil {
		w.writer = v
	}
	return w.writer
}

func (w *atomicWriter) Swap(v Writer) Writer {
	w.lock.Lock()
	defer w.lock.Unlock()
	old := w.writer
	w.writer = v
	return old
}

var writer atomicWriter

type console struct{}

func (console) Write(s string) { fmt.Fprintln(os.Stderr, s) }

func getWriter() Writer {
	w := writer.Load()
	if w == nil {
		w = writer.StoreIfNil(console{})
	}
	return w
}

// Info logs through the current writer, creating it if need be.
func Info(format string, args ...any) {
	getWriter().Write(fmt.Sprintf(format, args...))
}
