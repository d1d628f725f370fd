package use

import "fixtures/unsafeshare/wrapped/xsync"

// Stats counts under the wrapped mutex: silent.
type Stats struct {
	mut  xsync.Mutex
	hits map[string]int
}

func (s *Stats) hit(k string) {
	s.mut.Lock()
	s.hits[k]++
	s.mut.Unlock()
}

func Count(keys []string) map[string]int {
	s := &Stats{mut: xsync.NewMutex(), hits: map[string]int{}}
	wg := xsync.NewWaitGroup()
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.hit(k)
		}()
	}
	wg.Wait()
	return s.hits
}

// CountLoose forgets the lock.
func CountLoose(keys []string) map[string]int {
	hits := map[string]int{}
	wg := xsync.NewWaitGroup()
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hits[k]++ // want `hits \(map, not safe for concurrent use\) is written here by every goroutine started in the loop`
		}()
	}
	wg.Wait()
	return hits
}
