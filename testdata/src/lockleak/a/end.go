package a

import "sync"

var endMu sync.Mutex

// The function falls off its end with endMu held: the message names the
// end of the function, not a return.
func fallsOffTheEnd(ok bool) {
	endMu.Lock()
	if ok {
		endMu.Unlock()
		return
	}
} // want `endMu locked at end.go:10 is still held at the end of the function at end.go:15; it is unlocked at end.go:12 on other paths`
