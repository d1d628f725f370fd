// Package writertest is the logger of quiettest with a goroutine that
// rotates the writer in the background.
package writertest

import (
	"fmt"
	"sync"
	"time"
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

// Rotate swaps in a fresh writer from next every period, on a goroutine
// of its own.
func Rotate(period time.Duration, next func() Writer, stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(period)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				writer.Swap(next())
			case <-stop:
				return
			}
		}
	}()
}
