// Package quiettest is a logger whose tests hold its writer's read lock
// while they log, so that no other test swaps the writer meanwhile.
package quiettest

import (
	"fmt"
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

func (w *atomicWriter) Swap(v Writer) Writer {
	w.lock.Lock()
	defer w.lock.Unlock()
	old := w.writer
	w.writer = v
	return old
}

var writer atomicWriter

// Info logs through the current writer.
func Info(format string, args ...any) {
	if w := writer.Load(); w != nil {
		w.Write(fmt.Sprintf(format, args...))
	}
}

// SetWriter replaces the writer.
func SetWriter(w Writer) { writer.Swap(w) }
