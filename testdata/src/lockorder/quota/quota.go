// Package quota keeps a tree of quota groups: a charge climbs to the
// root holding each group's lock, and a limit is pushed down to the
// children holding the parent's.
package quota

import (
	"errors"
	"sync"
)

var errOverQuota = errors.New("over quota")

type group struct {
	mu       sync.Mutex
	name     string
	parent   *group
	children []*group
	limit    int64
	used     int64
}

func (g *group) newChild(name string, limit int64) *group {
	c := &group{name: name, parent: g, limit: limit}
	g.mu.Lock()
	g.children = append(g.children, c)
	g.mu.Unlock()
	return c
}

// charge locks the group, then its parent: child before parent.
func (g *group) charge(n int64) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.limit > 0 && g.used+n > g.limit {
		return errOverQuota
	}
	if g.parent != nil {
		if err := g.parent.charge(n); err != nil {
			return err
		}
	}
	g.used += n
	return nil
}

// setLimit locks the group, then each child: parent before child.
func (g *group) setLimit(limit int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limit = limit
	for _, c := range g.children {
		c.capLimit(limit) // want `lock order inversion in a tree of group: \(\*quota.group\).setLimit holds g.mu \(locked at quota.go:48\) and locks a child's, c.mu at quota.go:52 by calling c.capLimit, which locks g.mu at quota.go:57, but \(\*quota.group\).charge holds g.mu \(locked at quota.go:32\) and locks its parent's, g.parent.mu at quota.go:38 by calling g.parent.charge, which locks g.mu at quota.go:32: a node and its parent locked by these two deadlock`
	}
}

func (g *group) capLimit(max int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.limit == 0 || g.limit > max {
		g.limit = max
	}
}

// A tree whose charge releases the node's lock before it climbs: not
// reported.
type pool struct {
	mu       sync.Mutex
	parent   *pool
	children []*pool
	limit    int64
	used     int64
}

func (p *pool) newChild(limit int64) *pool {
	c := &pool{parent: p, limit: limit}
	p.mu.Lock()
	p.children = append(p.children, c)
	p.mu.Unlock()
	return c
}

func (p *pool) charge(n int64) error {
	p.mu.Lock()
	if p.limit > 0 && p.used+n > p.limit {
		p.mu.Unlock()
		return errOverQuota
	}
	p.used += n
	p.mu.Unlock()
	if p.parent != nil {
		return p.parent.charge(n)
	}
	return nil
}

func (p *pool) setLimit(limit int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.limit = limit
	for _, c := range p.children {
		c.capLimit(limit)
	}
}

func (p *pool) capLimit(max int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.limit > max {
		p.limit = max
	}
}
