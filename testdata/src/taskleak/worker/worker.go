package worker

import "sync"

type job struct{ children []job }

// Workers that feed their own queue: once they all send at once, nobody
// receives.
func crawl(root job, n int) {
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // want `goroutine ranges over jobs \(line 16\), which nothing closes`
			defer wg.Done()
			for j := range jobs {
				for _, c := range j.children {
					jobs <- c // want `worker sends on jobs, the queue it ranges over \(line 16\): when every worker sends at once, or the buffer is full, none is left to receive and all block forever`
				}
			}
		}()
	}
	jobs <- root
	wg.Wait()
}

type pool struct{ queue chan job }

func (p *pool) worker() {
	for j := range p.queue {
		if len(j.children) > 0 {
			p.queue <- j.children[0] // want `worker sends on p.queue, the queue it ranges over`
		}
	}
}

func (p *pool) start(n int) {
	for range n {
		go p.worker()
	}
}

// Silent look-alikes.

// The send runs on a fresh goroutine.
func (p *pool) workerRight() {
	for j := range p.queue {
		for _, c := range j.children {
			go func() { p.queue <- c }()
		}
	}
}

// A select with another way out.
func (p *pool) workerSelect(done chan struct{}) {
	for j := range p.queue {
		for _, c := range j.children {
			select {
			case p.queue <- c:
			case <-done:
				return
			}
		}
	}
}

// A token passed on: take it, put it back.
func tokenRing(tok chan int, n int) {
	for range n {
		go func() {
			v := <-tok
			tok <- v + 1
		}()
	}
}

// A semaphore: send to acquire, receive to release.
func semaphore(sema chan int, work func()) {
	go func() {
		sema <- 1
		work()
		<-sema
	}()
}

// Another channel: a results queue.
func (p *pool) results(out chan job) {
	go func() {
		for j := range p.queue {
			out <- j
		}
	}()
}

var _ = (*pool).start
