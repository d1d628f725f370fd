// Package inittest is a logger whose writer a goroutine started at init
// rotates for the life of the process: it runs beside every test.
package inittest

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

func (w *atomicWriter) Store(v Writer) {
	w.lock.Lock()
	defer w.lock.Unlock()
	w.writer = v
}

var writer atomicWriter

type stdout struct{}

func (stdout) Write(s string) { fmt.Println(s) }

func init() {
	go rotate(time.Hour)
}

func rotate(period time.Duration) {
	for range time.Tick(period) {
		writer.Store(stdout{})
	}
}

// Info logs through the current writer.
func Info(format string, args ...any) {
	if w := writer.Load(); w != nil {
		w.Write(fmt.Sprintf(format, args...))
	}
}
