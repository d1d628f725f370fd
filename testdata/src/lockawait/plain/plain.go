// Package plain holds sync locks across waits for other goroutines.
package plain

import (
	"sync"
	"time"

	"fixtures/lockawait/lib"
	"golang.org/x/sync/errgroup"
)

type Conn struct {
	mu       sync.Mutex
	other    sync.Mutex
	cond     *sync.Cond
	unknown  *sync.Cond
	requests chan int
	out      chan int
	done     chan struct{}
	ready    chan struct{}
	buffered chan int // made with capacity 1 elsewhere: a full buffer blocks
	wg       sync.WaitGroup
	pending  int
}

func NewConn() *Conn {
	c := &Conn{requests: make(chan int), buffered: make(chan int, 1), out: make(chan int), done: make(chan struct{})}
	c.cond = sync.NewCond(&c.mu)
	return c
}

func (c *Conn) Send(req int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending++
	c.requests <- req // want `sync lock c\.mu \(locked at plain\.go:33\) is held while waiting for another goroutine: a channel send \(plain\.go:36\); release it before waiting`
}

// The goroutines that end the waits on c's channels take c.mu too.
func (c *Conn) Serve() {
	go func() {
		for v := range c.buffered {
			c.mu.Lock()
			c.pending -= v
			c.mu.Unlock()
		}
	}()
	go func() {
		for v := range c.out {
			c.mu.Lock()
			c.pending -= v
			c.mu.Unlock()
		}
	}()
	for {
		c.mu.Lock()
		c.pending++
		c.mu.Unlock()
		c.requests <- 1
	}
}

func (c *Conn) SendBuffered(req int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buffered <- req // want `a channel send`
}

func (c *Conn) Recv() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return <-c.requests // want `a channel receive`
}

func (c *Conn) Range() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for r := range c.requests { // want `a channel receive`
		c.pending -= r
	}
}

func (c *Conn) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.done)
}

func (c *Conn) Select() {
	c.mu.Lock()
	defer c.mu.Unlock()
	select { // want `a select without default`
	case c.requests <- 1:
	case <-c.done:
	}
}

// A stop case another goroutine ends without the lock does not help while
// stop stays open: the receivers of requests (Recv, Range) take c.mu.
func (c *Conn) SelectStop(stop chan struct{}) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select { // want `a select without default`
	case c.requests <- 1:
	case <-stop:
	}
}

// A select with a default never waits.
func (c *Conn) TrySend(req int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case c.requests <- req:
		return true
	default:
		return false
	}
}

// The workers Join waits for take c.mu.
func (c *Conn) worker() {
	defer c.wg.Done()
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
}

func (c *Conn) Join() {
	c.mu.Lock()
	c.wg.Wait() // want `\(\*sync.WaitGroup\).Wait`
	c.mu.Unlock()
}

func (c *Conn) Group() error {
	var g errgroup.Group
	g.Go(func() error {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.pending++
		return nil
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	return g.Wait() // want `\(\*errgroup.Group\).Wait`
}

// Goroutines that never take the lock cannot keep the wait going.
func (c *Conn) GroupFree(items []int) int {
	var wg sync.WaitGroup
	out := make([]int, len(items))
	for i, v := range items {
		wg.Go(func() { out[i] = v * 2 })
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	wg.Wait()
	return len(out)
}

// A group from elsewhere: who ends the wait is not known. Silent.
func (c *Conn) GroupParam(g *errgroup.Group) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return g.Wait()
}

func (c *Conn) Nap() {
	c.mu.Lock()
	time.Sleep(time.Millisecond) // want `time.Sleep \(plain.go:170\); release it before waiting \(the Lock at plain.go:\d+ in a func literal in \(\*Conn\).Serve, run by the goroutine started at plain.go:\d+, takes c.mu, and waits as long as this sleep\)`
	c.mu.Unlock()
}

// Cond.Wait releases the lock it is bound to: holding only that one is
// how it is used.
func (c *Conn) WaitReady() {
	c.mu.Lock()
	for c.pending == 0 {
		c.cond.Wait()
	}
	c.mu.Unlock()
}

// Holding another lock across it deadlocks whoever needs that one to
// signal.
func (c *Conn) WaitOther() {
	c.other.Lock()
	c.mu.Lock()
	for c.pending == 0 {
		c.cond.Wait() // want `sync lock c\.other \(locked at plain\.go:187\) is held while waiting for another goroutine: \(\*sync\.Cond\)\.Wait \(plain\.go:190\); release it before waiting`
	}
	c.mu.Unlock()
	c.other.Unlock()
}

// c.L itself is the Cond's lock.
func (c *Conn) WaitL() {
	c.unknown.L.Lock()
	c.unknown.Wait()
	c.unknown.L.Unlock()
}

// A Cond whose lock the package never says: silent.
func (c *Conn) WaitUnknown() {
	c.other.Lock()
	c.mu.Lock()
	c.unknown.Wait()
	c.mu.Unlock()
	c.other.Unlock()
}

// Through calls: the message names the chain.
func (c *Conn) flush() { c.out <- c.pending } // want `sync lock c\.mu \(locked at plain\.go:216\) is held while waiting for another goroutine: \(\*Conn\)\.Through calls \(\*Conn\)\.flush \(plain\.go:217\), which does a channel send \(plain\.go:213\); release it before waiting`

func (c *Conn) Through() {
	c.mu.Lock()
	c.flush()
	c.mu.Unlock()
}

// And across packages.
func (c *Conn) Remote(st *lib.Store) {
	st.LockState()
	st.Flush() // want `sync lock st.mu \(locked by \(\*lib.Store\).LockState at plain.go:\d+\) is held while waiting for another goroutine: \(\*lib.Store\).Flush does a channel send \(lib.go:15\)`
	st.UnlockState()
	// The consumer never takes c.mu.
	c.mu.Lock()
	st.Flush()
	c.mu.Unlock()
}

// A lock that only serializes the senders: the receiver never takes it,
// so it cannot keep a sender waiting.
type Pipe struct {
	wrMu sync.Mutex
	ch   chan []byte
}

func (p *Pipe) Write(b []byte) {
	p.wrMu.Lock()
	defer p.wrMu.Unlock()
	p.ch <- b
}

func (p *Pipe) Read() []byte { return <-p.ch }

// A callee that releases the caller's lock around its wait.
func (c *Conn) waitLocked() {
	c.mu.Unlock()
	<-c.ready
	c.mu.Lock()
}

func (c *Conn) Release() {
	c.mu.Lock()
	c.waitLocked()
	c.mu.Unlock()
}

// Sends that always find room, and channels nobody else sees.
func (c *Conn) Local() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	results := make(chan int, 2)
	results <- c.pending
	results <- c.pending
	hidden := make(chan int)
	go func() { <-results }()
	close(hidden)
	<-hidden
	return len(results)
}

func (c *Conn) Spare() <-chan error {
	errc := make(chan error, 1)
	go func() { errc <- nil }()
	c.mu.Lock()
	defer c.mu.Unlock()
	return errc
}

// A look-alike: one send too many for the buffer.
func (c *Conn) TooMany() {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(chan int, 1)
	go func() {
		for range out {
			c.mu.Lock()
			c.mu.Unlock()
		}
	}()
	out <- 1
	out <- 2 // want `a channel send`
}

// Released on every path before the wait.
func (c *Conn) Released(req int) {
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
	c.requests <- req
}

// Waiting in a goroutine does not hold the caller's lock.
func (c *Conn) Background() {
	c.mu.Lock()
	defer c.mu.Unlock()
	go func() {
		c.mu.Lock()
		c.pending++
		c.mu.Unlock()
		c.requests <- 1
	}()
}

// A channel used as a token under the lock: every hand-off is done with
// the lock held, and the buffer keeps the token. Silent.
type Pool struct {
	mu  sync.Mutex
	tok chan int
}

func NewPool() *Pool { return &Pool{tok: make(chan int, 1)} }

func (p *Pool) Use() {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := <-p.tok
	p.tok <- t
}

// A wait that a timer callback ends without the lock. Silent.
type Deadline struct {
	mu     sync.Mutex
	cancel chan struct{}
	timer  *time.Timer
}

func (d *Deadline) Set(dur time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer != nil && !d.timer.Stop() {
		<-d.cancel
	}
	d.cancel = make(chan struct{})
	d.timer = time.AfterFunc(dur, func() { close(d.cancel) })
}

// The receiver takes the lock only after its receive: it does not need
// it to end the wait. Silent.
func Handshake() {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		ch <- 1
		mu.Unlock()
	}()
	<-ch
	mu.Lock()
	mu.Unlock()
}

// Here it takes the lock first: if the goroutine holds it, neither can go
// on.
func HandshakeDeadlock() {
	var mu sync.Mutex
	ch := make(chan int)
	go func() {
		mu.Lock()
		ch <- 1 // want `sync lock mu \(locked at plain.go:\d+\) is held while waiting for another goroutine: a channel send`
		mu.Unlock()
	}()
	mu.Lock()
	mu.Unlock()
	<-ch
}

// The lock is handed to a goroutine that releases it. Silent.
func Handoff(wg *sync.WaitGroup) {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		time.Sleep(time.Millisecond)
		mu.Unlock()
	}()
	wg.Wait()
}

// One send per goroutine into a buffer of one per goroutine: the sends
// never wait, even though the receiver takes the lock first. Silent.
func (c *Conn) PerGoroutine(n int) {
	results := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() {
			c.mu.Lock()
			results <- i
			c.mu.Unlock()
		}()
	}
	c.mu.Lock()
	c.mu.Unlock()
	for range n {
		<-results
	}
}

// Look-alike: the bound changes after the make.
func (c *Conn) BoundChanges(n int) {
	results := make(chan int, n)
	n++
	for i := 0; i < n; i++ {
		go func() {
			c.mu.Lock()
			results <- i // want `sync lock c.mu \(locked at plain.go:\d+\) is held while waiting for another goroutine: a channel send`
			c.mu.Unlock()
		}()
	}
	c.mu.Lock()
	c.mu.Unlock()
	for range n {
		<-results
	}
}

// Ready wakes the waiters of c.cond while holding c.other: WaitOther,
// which waits holding c.other, keeps it from ever signalling.
func (c *Conn) Ready() {
	c.other.Lock()
	defer c.other.Unlock()
	c.mu.Lock()
	c.pending++
	c.mu.Unlock()
	c.cond.Broadcast()
}
