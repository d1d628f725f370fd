// Package helper holds blocking helpers in a package of their own, so the
// fixture sees may-block facts cross a package boundary.
package helper

import (
	"context"
	"os"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

// Load reads a configuration file: it blocks through readConfig.
func Load() ([]byte, error) {
	return readConfig("app.conf")
}

func readConfig(name string) ([]byte, error) {
	return os.ReadFile(name)
}

// Work is meant to be spawned as a task; it blocks in time.Sleep.
func Work(ctx context.Context) (int, error) {
	time.Sleep(time.Millisecond)
	return 1, nil
}

// Nap suspends instead of blocking: it is safe in a task.
func Nap(ctx context.Context) error {
	return runtime.Sleep(ctx, time.Millisecond)
}

// Pure does no waiting at all.
func Pure(n int) int { return n * 2 }

// CgoRead stands for a function whose blocking the analysis cannot see.
//
//asynclint:blocking
func CgoRead() {}

// Poll waits with raw channels, but gives the slot back while it does.
//
//asynclint:suspends
func Poll(ctx context.Context, ch chan int) int {
	var v int
	runtime.BlockInPlace(ctx, func() { v = <-ch })
	return v
}

// WaitRaw waits on a raw channel and says it suspends, which it does not
// need to prove: the directive is the user's word.
//
//asynclint:suspends
func WaitRaw(ch chan int) int { return <-ch }
