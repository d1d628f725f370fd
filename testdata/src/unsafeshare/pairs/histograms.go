package pairs

import "sync"

// Workers that each record into their own histogram: the starter sets
// element idx before it starts the goroutine it hands idx to. Silent.
type histogram struct{ counts []int64 }

type lockedHist struct {
	mu sync.Mutex
	h  *histogram
}

func (l *lockedHist) add(v int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.h.counts = append(l.h.counts, v)
}

type loadGen struct {
	hists []lockedHist
}

func (g *loadGen) Run(conns, perConn int, stop <-chan struct{}) {
	g.hists = make([]lockedHist, conns*perConn)
	for c := 0; c < conns; c++ {
		for j := 0; j < perConn; j++ {
			idx := c*perConn + j
			g.hists[idx].h = &histogram{}
			go func(idx int) {
				for {
					select {
					case <-stop:
						return
					default:
						g.hists[idx].add(1)
					}
				}
			}(idx)
		}
	}
}
