package a

import (
	"log"
	"sync"
)

// Breaker calls back whoever registered for its state changes while it
// holds b.mu. The callback Client registers asks the same breaker for
// its state: State locks b.mu again.
type Breaker struct {
	mu       sync.Mutex
	open     bool
	failures int
	onChange func(open bool)
}

func (b *Breaker) State() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.open
}

func (b *Breaker) Fail() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.failures++
	if b.failures > 3 && !b.open {
		b.open = true
		if b.onChange != nil {
			b.onChange(true) // want `b.mu is locked at stored.go:25 and locked again at stored.go:31 by calling b.onChange, which calls the func literal stored at stored.go:51, which locks b.mu`
		}
	}
}

// Notify is the twin: the callback runs after the lock is released.
func (b *Breaker) Notify() {
	b.mu.Lock()
	open := b.open
	b.mu.Unlock()
	b.onChange(open)
}

type Client struct {
	name string
	br   *Breaker
}

func NewClient(name string) *Client {
	c := &Client{name: name, br: &Breaker{}}
	c.br.onChange = func(open bool) {
		log.Printf("%s: open=%v (now %v)", c.name, open, c.br.State())
	}
	return c
}

// Index reaches its own lock through two interface dispatches: its
// ranker scores with a scorer that points back at the index.
type Scorer interface{ Score(doc string) int }

type Ranker interface{ Rank(docs []string) int }

type Index struct {
	sync.RWMutex
	weights map[string]int
	ranker  Ranker
}

func NewIndex() *Index {
	ix := &Index{weights: make(map[string]int)}
	ix.ranker = sumRanker{s: termScorer{ix: ix}}
	return ix
}

func (ix *Index) Weight(term string) int {
	ix.RLock()
	defer ix.RUnlock()
	return ix.weights[term]
}

func (ix *Index) Reweight(term string, w int, docs []string) int {
	ix.Lock()
	defer ix.Unlock()
	ix.weights[term] = w
	return ix.ranker.Rank(docs) // want `ix.RWMutex is locked at stored.go:82 and read-locked at stored.go:85 by calling ix.ranker.Rank, which calls \(sumRanker\).Rank of the value stored at stored.go:71, which read-locks ix.RWMutex`
}

// RankAll is the twin: it ranks after releasing the lock.
func (ix *Index) RankAll(docs []string) int {
	ix.Lock()
	r := ix.ranker
	ix.Unlock()
	return r.Rank(docs)
}

type termScorer struct{ ix *Index }

func (s termScorer) Score(doc string) int { return s.ix.Weight(doc) }

type sumRanker struct{ s Scorer }

func (r sumRanker) Rank(docs []string) int {
	n := 0
	for _, d := range docs {
		n += r.s.Score(d)
	}
	return n
}

// Catalog stores a scorer over another index: the lock it takes is not
// the catalog's. Silent.
type Catalog struct {
	mu     sync.Mutex
	ranker Ranker
}

func NewCatalog(other *Index) *Catalog {
	return &Catalog{ranker: sumRanker{s: termScorer{ix: other}}}
}

func (c *Catalog) Rank(docs []string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ranker.Rank(docs)
}
