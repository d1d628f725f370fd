package pairs

import (
	"strings"
	"sync"
)

// Listeners on unix sockets are kept for reuse in a map guarded by
// socketsMu, which Listen takes only for unix addresses: the only ones
// whose path writes the map: two goroutines calling Listen are not
// reported; ListenFast, a way in without the lock, is.
var (
	socketsMu sync.Mutex
	sockets   = map[string]*reusable{}
)

type reusable struct {
	key  string
	refs int
}

type Address struct{ Network, Host string }

func (a Address) isUnix() bool { return strings.HasPrefix(a.Network, "unix") }

func (a Address) Listen() *reusable {
	if a.isUnix() {
		socketsMu.Lock()
		defer socketsMu.Unlock()
	}
	return a.listen()
}

func (a Address) listen() *reusable {
	if !a.isUnix() {
		return &reusable{key: a.Host}
	}
	if ln, ok := sockets[a.Host]; ok {
		ln.refs++ // want `pairs.sockets.refs is written here by the goroutine started at sockets.go:\d+ and read at sockets.go:\d+ by the goroutine started at sockets.go:\d+`
		return ln
	}
	ln := &reusable{key: a.Host, refs: 1}
	sockets[a.Host] = ln // want `the map pairs.sockets is written here by the goroutine started at sockets.go:\d+ and read at sockets.go:\d+ by the goroutine started at sockets.go:\d+`
	return ln
}

func ListenBoth(x, y Address) (*reusable, *reusable) {
	var wg sync.WaitGroup
	var lx, ly *reusable
	wg.Add(2)
	go func() {
		defer wg.Done()
		lx = x.Listen()
	}()
	go func() {
		defer wg.Done()
		ly = y.Listen()
	}()
	wg.Wait()
	return lx, ly
}

// The same map, written without the lock by a second way in.
func (a Address) ListenFast() *reusable {
	return a.listen()
}

func ListenFastBoth(x, y Address) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		x.ListenFast()
	}()
	go func() {
		defer wg.Done()
		y.ListenFast()
	}()
	wg.Wait()
}
