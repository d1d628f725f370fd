package a

import "sync"

// An admin table of commands, method values of the server kept in a map
// field: running one under the server's lock runs a method that locks
// it again.
type cmdServer struct {
	mu    sync.Mutex
	cmds  map[string]func() int
	hooks []func() int
	conns int
}

func newCmdServer() *cmdServer {
	s := &cmdServer{}
	s.cmds = map[string]func() int{"drain": s.drain, "count": s.count}
	s.hooks = append(s.hooks, s.drain)
	return s
}

func (s *cmdServer) drain() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.conns
	s.conns = 0
	return n
}

// count is called with s.mu held.
func (s *cmdServer) count() int { return s.conns }

func (s *cmdServer) Exec(name string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cmd, ok := s.cmds[name]; ok {
		return cmd() // want `s.mu is locked at cmdtable.go:34 and locked again at cmdtable.go:37 by calling cmd, which calls the method value \(\*cmdServer\).drain stored at cmdtable.go:17`
	}
	return -1
}

func (s *cmdServer) RunHooks() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range s.hooks {
		h() // want `s.mu is locked at cmdtable.go:43 and locked again at cmdtable.go:46 by calling h, which calls the method value \(\*cmdServer\).drain stored at cmdtable.go:18`
	}
}

// A table of methods that expect the lock held: silent.
type quietTable struct {
	mu   sync.Mutex
	cmds map[string]func() int
	n    int
}

func newQuietTable() *quietTable {
	t := &quietTable{cmds: map[string]func() int{}}
	t.cmds["size"] = t.size
	return t
}

func (t *quietTable) size() int { return t.n }

func (t *quietTable) Exec(name string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.cmds[name]()
}
