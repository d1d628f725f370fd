package a

import "fixtures/unsafeshare/wrapped/xsync"

// A project's own WaitGroup interface is a WaitGroup: the error path
// returns without Done, and Wait never returns.
func copyBoth(write, read func() error, errc chan<- error) {
	wg := xsync.NewWaitGroup()
	wg.Add(2)
	go func() {
		if err := write(); err != nil {
			errc <- err
			return // want `the goroutine started at wrapped.go:10 returns here without calling wg.Done`
		}
		wg.Done()
	}()
	go func() {
		defer wg.Done()
		if err := read(); err != nil {
			errc <- err
		}
	}()
	wg.Wait()
}
