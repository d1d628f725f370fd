// Package pairs holds accesses by two different goroutines (two starts,
// a start and the package's callers, the instances of a body started in
// a loop) with nothing ordering them, and their correct look-alikes.
package pairs

import (
	"context"
	"sync"
	"time"

	"github.com/asynclint/asynclint/runtime"
)

// Siblings: two goroutines write the same variable.
func Siblings() int {
	total := 0
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		total += 1
	}()
	go func() {
		defer wg.Done()
		total += 2 // want `total is written here by the goroutine started at pairs.go:\d+ and read at pairs.go:\d+ by the goroutine started at pairs.go:\d+`
	}()
	wg.Wait()
	return total
}

// RIGHT: each goroutine has its own slot, read after the join.
func SiblingsOwn() int {
	var parts [2]int
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		parts[0] = 1
	}()
	go func() {
		defer wg.Done()
		parts[1] = 2
	}()
	wg.Wait()
	return parts[0] + parts[1]
}

// RIGHT: the second goroutine starts after the first is joined.
func SiblingsInTurn() int {
	total := 0
	done := make(chan struct{})
	go func() {
		total++
		close(done)
	}()
	<-done
	go func() {
		total++
	}()
	return 0
}

// A tunable read by a background goroutine.
var pollEvery = time.Second

type Poller struct {
	stop chan struct{}
	done chan struct{}
	n    int
}

func NewPoller() *Poller {
	return &Poller{stop: make(chan struct{}), done: make(chan struct{})}
}

func (p *Poller) Start() { go p.loop() }

func (p *Poller) loop() {
	defer close(p.done)
	for {
		select {
		case <-time.After(pollEvery):
		case <-p.stop:
			return
		}
	}
}

func (p *Poller) Close() {
	close(p.stop)
	<-p.done
}

// WRONG: the tunable changes while the poller runs.
func TuneAfterStart() {
	p := NewPoller()
	p.Start()
	defer p.Close()
	pollEvery = time.Millisecond // want `pairs.pollEvery is written here by the caller of TuneAfterStart and read at pairs.go:\d+ by the goroutine started at pairs.go:\d+`
}

// RIGHT: changed before the poller starts, restored after it is joined.
func TuneBeforeStart() {
	old := pollEvery
	pollEvery = time.Millisecond
	defer func() { pollEvery = old }()
	p := NewPoller()
	p.Start()
	defer p.Close()
}

// Lazy initialization from goroutines started in a loop.
type Renderer struct {
	tmpl *string
	src  string
}

func (r *Renderer) get() *string {
	if r.tmpl == nil {
		s := r.src
		r.tmpl = &s // want `r.tmpl is written here by every goroutine started in the loop at pairs.go:\d+ and read at pairs.go:\d+ by every goroutine started in the loop`
	}
	return r.tmpl
}

type OnceRenderer struct {
	tmpl *string
	once sync.Once
	src  string
}

func (r *OnceRenderer) getOnce() *string {
	r.once.Do(func() {
		s := r.src
		r.tmpl = &s
	})
	return r.tmpl
}

func RenderAll(r *Renderer, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = r.get()
		}()
	}
	wg.Wait()
}

// RIGHT: sync.Once.
func RenderAllOnce(r *OnceRenderer, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = r.getOnce()
		}()
	}
	wg.Wait()
}

// A helper that calls its work function from several goroutines.
func parallel(workers, pieces int, work func(piece int)) {
	next := make(chan int, pieces)
	for i := range pieces {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				work(p)
			}
		}()
	}
	wg.Wait()
}

// WRONG: a counter shared by the workers picks the slot.
func ScoreShared(xs []int) []int {
	out := make([]int, len(xs))
	k := 0
	parallel(4, len(xs), func(piece int) {
		out[k] = xs[piece] * 2 // want `an element of out is written here by every goroutine started in the loop at pairs.go:\d+ and written at pairs.go:\d+`
		k++                    // want `k is written here by every goroutine started in the loop at pairs.go:\d+ and read at pairs.go:\d+ by every goroutine started in the loop`
	})
	return out
}

// RIGHT: each piece writes its own slot.
func ScorePieces(xs []int) []int {
	out := make([]int, len(xs))
	parallel(4, len(xs), func(piece int) {
		out[piece] = xs[piece] * 2
	})
	return out
}

// RIGHT: a value passed as the go statement's argument is the
// goroutine's own.
type slot struct{ n int }

func Own(list []*slot) {
	var wg sync.WaitGroup
	for i := range list {
		wg.Add(1)
		go func(s *slot) {
			defer wg.Done()
			s.n++
		}(list[i])
	}
	wg.Wait()
}

// The runtime's Mutex is a lock.
type Store struct {
	mu runtime.Mutex
	m  map[string]int
}

func (s *Store) Put(ctx context.Context, k string, v int) error {
	if err := s.mu.Lock(ctx); err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.m[k] = v
	return nil
}

// RIGHT: both sides hold s.mu.
func (s *Store) Watch(ctx context.Context) *runtime.Task[int] {
	return runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		if err := s.mu.Lock(ctx); err != nil {
			return 0, err
		}
		defer s.mu.Unlock()
		return s.m["x"], nil
	})
}
