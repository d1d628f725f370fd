package plain

import (
	"os"
	"sync"
)

// A fileCache counts the files being closed in releasing, always under
// mu: evict takes mu, counts the file and lets mu go before it closes
// it. Close holds mu while it waits for those closes, and an evict
// that is counted is past its lock: it needs mu no more. Not reported.
type fileCache struct {
	mu        sync.Mutex
	files     map[string]*os.File
	releasing sync.WaitGroup
}

func (c *fileCache) evict(name string) {
	c.mu.Lock()
	f := c.files[name]
	if f != nil {
		delete(c.files, name)
		c.releasing.Add(1)
	}
	c.mu.Unlock()
	if f != nil {
		c.release(f)
	}
}

// purge takes mu before it evicts: that too is behind each Add.
func (c *fileCache) purge() {
	c.mu.Lock()
	var names []string
	for name := range c.files {
		names = append(names, name)
	}
	c.mu.Unlock()
	for _, name := range names {
		c.evict(name)
	}
}

func (c *fileCache) release(f *os.File) {
	f.Close()
	c.releasing.Done()
}

func (c *fileCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name, f := range c.files {
		delete(c.files, name)
		c.releasing.Add(1)
		go c.release(f)
	}
	c.releasing.Wait()
}

// The same, but evict takes mu again after it is counted, to log the
// close: the Wait waits for an evict that waits for mu.
type loggedFileCache struct {
	mu        sync.Mutex
	files     map[string]*os.File
	closed    int
	releasing sync.WaitGroup
}

func (c *loggedFileCache) evict(name string) {
	c.mu.Lock()
	f := c.files[name]
	if f != nil {
		delete(c.files, name)
		c.releasing.Add(1)
	}
	c.mu.Unlock()
	if f != nil {
		c.mu.Lock()
		c.closed++
		c.mu.Unlock()
		c.release(f)
	}
}

func (c *loggedFileCache) release(f *os.File) {
	f.Close()
	c.releasing.Done()
}

func (c *loggedFileCache) Close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for name, f := range c.files {
		delete(c.files, name)
		c.releasing.Add(1)
		go c.release(f)
	}
	c.releasing.Wait() // want `sync lock c.mu \(locked at counted.go:91\) is held while waiting for another goroutine: \(\*sync.WaitGroup\).Wait \(counted.go:98\); release it before waiting \(the Done at counted.go:87 in \(\*loggedFileCache\).release, run by the goroutine started at counted.go:96, may take c.mu first\)`
}
