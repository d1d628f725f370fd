package plain

import "sync"

// A single-flight group hands each caller of DoChan a channel of its
// own, with room for its one result; the call sends the result to each
// holding the group's lock. The channels are the call's, reached from
// its own list, not through the group's map: a caller that takes the
// group's lock before it receives does not hold up those sends. Not
// reported.
type flightResult struct {
	val any
	err error
}

type flightCall struct {
	wg    sync.WaitGroup
	val   any
	err   error
	chans []chan<- flightResult
}

type flightGroup struct {
	mu sync.Mutex
	m  map[string]*flightCall
}

func (g *flightGroup) DoChan(key string, fn func() (any, error)) <-chan flightResult {
	ch := make(chan flightResult, 1)
	g.mu.Lock()
	if c, ok := g.m[key]; ok {
		c.chans = append(c.chans, ch)
		g.mu.Unlock()
		return ch
	}
	c := &flightCall{chans: []chan<- flightResult{ch}}
	c.wg.Add(1)
	g.m[key] = c
	g.mu.Unlock()
	go g.doCall(c, key, fn)
	return ch
}

func (g *flightGroup) doCall(c *flightCall, key string, fn func() (any, error)) {
	c.val, c.err = fn()
	g.mu.Lock()
	c.wg.Done()
	if g.m[key] == c {
		delete(g.m, key)
	}
	for _, ch := range c.chans {
		ch <- flightResult{c.val, c.err}
	}
	g.mu.Unlock()
}

func (g *flightGroup) Forget(key string) {
	g.mu.Lock()
	delete(g.m, key)
	g.mu.Unlock()
}

func useFlight(g *flightGroup) any {
	ch := g.DoChan("k", func() (any, error) { return 1, nil })
	g.Forget("k")
	return (<-ch).val
}
