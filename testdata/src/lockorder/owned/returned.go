package owned

import "sync"

// A sharded counter: lockFor returns the key's shard with its lock
// held. add holds the shard and takes the total's lock; sum holds the
// total's lock and takes each shard's: the two orders deadlock.
type shardedCounter struct {
	mu     sync.Mutex
	total  int
	shards [8]*counterShard
}

type counterShard struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *shardedCounter) lockFor(key string) *counterShard {
	s := c.shards[len(key)%len(c.shards)]
	s.mu.Lock()
	return s
}

func (c *shardedCounter) add(key string) {
	s := c.lockFor(key)
	defer s.mu.Unlock()
	s.n[key]++
	c.mu.Lock() // want `lock order inversion: \(\*owned.shardedCounter\).add takes \(owned.counterShard\).mu then \(owned.shardedCounter\).mu \(s.mu \(by \(\*shardedCounter\).lockFor\) locked at returned.go:\d+, then c.mu at returned.go:\d+\)`
	c.total++
	c.mu.Unlock()
}

func (c *shardedCounter) sum() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.shards {
		s.mu.Lock()
		n += len(s.n)
		s.mu.Unlock()
	}
	return n
}

// The same counter whose add releases the shard before it takes the
// total's lock: one order only.
type shardedCounter2 struct {
	mu     sync.Mutex
	total  int
	shards [8]*counterShard2
}

type counterShard2 struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *shardedCounter2) lockFor(key string) *counterShard2 {
	s := c.shards[len(key)%len(c.shards)]
	s.mu.Lock()
	return s
}

func (c *shardedCounter2) add(key string) {
	s := c.lockFor(key)
	s.n[key]++
	s.mu.Unlock()
	c.mu.Lock()
	c.total++
	c.mu.Unlock()
}

func (c *shardedCounter2) sum() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.shards {
		s.mu.Lock()
		n += len(s.n)
		s.mu.Unlock()
	}
	return n
}
