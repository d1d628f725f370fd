// Package xsync wraps sync's types behind interfaces of their own, as
// projects do to log slow locks: its Mutex and WaitGroup are sync's.
package xsync

import "sync"

type Mutex interface {
	Lock()
	Unlock()
}

type WaitGroup interface {
	Add(int)
	Done()
	Wait()
}

type loggedMutex struct{ sync.Mutex }

func NewMutex() Mutex { return &loggedMutex{} }

func NewWaitGroup() WaitGroup { return &sync.WaitGroup{} }
