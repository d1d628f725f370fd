package a

import (
	"errors"
	"log"
	"sync"
)

type plugin struct {
	name     string
	disabled bool
}

func (p plugin) load() error { return nil }

// WRONG: the group counts every plugin, but a disabled one starts no
// goroutine: nothing counts it down, and Wait never returns.
func loadAll(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if p.disabled {
			continue // want `wg.Add\(len\(plugins\)\) at counted.go:20 counts a goroutine for every element of plugins, but this continue skips the go statement at counted.go:25: nothing counts the skipped ones down and wg.Wait at counted.go:32 never returns; call wg.Add\(1\) just before the go statement`
		}
		go func() {
			defer wg.Done()
			if err := p.load(); err != nil {
				log.Print(err)
			}
		}()
	}
	wg.Wait()
}

type Server struct {
	wg     sync.WaitGroup
	shards []*shard
}

type shard struct{ id int }

func (s *shard) serve() {}

// WRONG: the same with a group in a field and a break: the shards after
// the first nil one are counted and never started.
func (s *Server) Start() {
	s.wg.Add(len(s.shards))
	for _, sh := range s.shards {
		if sh == nil {
			break // want `s.wg.Add\(len\(s.shards\)\) at counted.go:47 counts a goroutine for every element of s.shards, but this break skips the go statement at counted.go:52: nothing counts the skipped ones down and s.wg.Wait at counted.go:59 never returns; call s.wg.Add\(1\) just before the go statement`
		}
		go func() {
			defer s.wg.Done()
			sh.serve()
		}()
	}
}

func (s *Server) Stop() { s.wg.Wait() }

// RIGHT: the skipped element is counted down where it is skipped.
func loadAllDone(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if p.disabled {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			p.load()
		}()
	}
	wg.Wait()
}

// RIGHT: Add(1) for each goroutine that is started.
func loadAllEach(plugins []plugin) {
	var wg sync.WaitGroup
	for _, p := range plugins {
		if p.disabled {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.load()
		}()
	}
	wg.Wait()
}

// RIGHT: the skip comes after the goroutine is started.
func loadAllAfter(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		go func() {
			defer wg.Done()
			p.load()
		}()
		if p.disabled {
			continue
		}
		log.Print(p.name)
	}
	wg.Wait()
}

// RIGHT: the function returns instead of waiting when it stops early
// (the goroutines started are left running, which is another matter).
func loadAllOrFail(plugins []plugin) error {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if p.disabled {
			return errors.New("disabled plugin " + p.name)
		}
		go func() {
			defer wg.Done()
			p.load()
		}()
	}
	wg.Wait()
	return nil
}

// RIGHT: a skip of an inner loop skips nothing of the outer one.
func loadGroups(groups [][]plugin) {
	var wg sync.WaitGroup
	wg.Add(len(groups))
	for _, g := range groups {
		for _, p := range g {
			if p.disabled {
				continue
			}
			log.Print(p.name)
		}
		go func() {
			defer wg.Done()
			for _, p := range g {
				p.load()
			}
		}()
	}
	wg.Wait()
}

// RIGHT: the skip hands the group to a function that may count it down.
func loadAllHanded(plugins []plugin) {
	var wg sync.WaitGroup
	wg.Add(len(plugins))
	for _, p := range plugins {
		if p.disabled {
			skip(&wg, p)
			continue
		}
		go func() {
			defer wg.Done()
			p.load()
		}()
	}
	wg.Wait()
}

func skip(wg *sync.WaitGroup, p plugin) { log.Print(p.name); wg.Done() }
