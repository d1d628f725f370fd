// Package off is checked with -taskleak.background off, the default: the
// background loop is not reported.
package off

import "time"

func refresh() {}

func startRefresher() {
	go func() {
		for {
			time.Sleep(time.Minute)
			refresh()
		}
	}()
}
