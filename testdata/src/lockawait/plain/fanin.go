package plain

import (
	"errors"
	"sync"
)

func probe(target string) (int, error) {
	if target == "" {
		return 0, errors.New("no target")
	}
	return len(target), nil
}

// A prober fans out to its targets and collects the results from a
// channel that a goroutine closes once the group is done. A failing
// probe records its failure under the prober's lock and leaves without
// sending: Done waits for the lock that ProbeAll holds while it ranges,
// so the group never ends and the channel is never closed.
type prober struct {
	mu       sync.Mutex
	targets  []string
	failures map[string]int
}

func (p *prober) fail(t string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.failures[t]++
}

func (p *prober) probeOne(t string, out chan<- int) {
	v, err := probe(t)
	if err != nil {
		p.fail(t)
		return
	}
	out <- v
}

func (p *prober) ProbeAll() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(chan int)
	var wg sync.WaitGroup
	for _, t := range p.targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.probeOne(t, out)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []int
	for v := range out { // want `sync lock p.mu \(locked at fanin.go:42\) is held while waiting for another goroutine: a channel receive \(fanin.go:58\); release it before waiting \(the close at fanin.go:55 in a func literal in \(\*prober\).ProbeAll, run by the goroutine started at fanin.go:53, which first waits \(fanin.go:54\) for the Done of a func literal in \(\*prober\).ProbeAll, run by the goroutine started at fanin.go:48, which may take p.mu first\)`
		res = append(res, v)
	}
	return res
}

// The same prober whose failures are counted under a lock of their own:
// nobody the range waits for needs mu. Not reported.
type countingProber struct {
	mu       sync.Mutex
	statsMu  sync.Mutex
	targets  []string
	failures map[string]int
}

func (p *countingProber) fail(t string) {
	p.statsMu.Lock()
	defer p.statsMu.Unlock()
	p.failures[t]++
}

func (p *countingProber) probeOne(t string, out chan<- int) {
	v, err := probe(t)
	if err != nil {
		p.fail(t)
		return
	}
	out <- v
}

func (p *countingProber) ProbeAll() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make(chan int)
	var wg sync.WaitGroup
	for _, t := range p.targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.probeOne(t, out)
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}
