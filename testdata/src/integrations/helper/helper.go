// Package helper blocks one call away from the task, in another package:
// the finding in package a needs blockingcall's cross-package facts.
package helper

import "time"

// Pause blocks the calling goroutine.
func Pause() {
	time.Sleep(time.Millisecond)
}
