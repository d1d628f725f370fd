package a

import "sync"

// A site builds its pages once, on first use. Building a page's links
// asks the site for its pages: Once.Do is entered again while its
// first call runs, and waits for that call to return.
type Site struct {
	initOnce sync.Once
	pages    []*Page
	menuOnce sync.Once
	menu     []string
}

type Page struct {
	site  *Site
	links []string
}

func (s *Site) init() {
	s.initOnce.Do(func() { // want `s.initOnce.Do at oncerec.go:21 runs a function that calls s.initOnce.Do again: it calls s.build at oncerec.go:22, which calls p.resolveLinks at oncerec.go:29, which calls s.Pages at oncerec.go:34, which calls s.init at oncerec.go:40, which calls s.initOnce.Do at oncerec.go:21; the inner Do waits for the outer one to return, which waits for it: a deadlock`
		s.build()
	})
}

func (s *Site) build() {
	s.pages = []*Page{{site: s}}
	for _, p := range s.pages {
		p.resolveLinks(s)
	}
}

func (p *Page) resolveLinks(s *Site) {
	for _, q := range s.Pages() {
		p.links = append(p.links, q.String())
	}
}

func (s *Site) Pages() []*Page {
	s.init()
	return s.pages
}

func (p *Page) String() string { return "page" }

// Menu asks for the pages inside its own Once: another Once, built
// after the pages are. Silent.
func (s *Site) Menu() []string {
	s.menuOnce.Do(func() {
		for _, p := range s.Pages() {
			s.menu = append(s.menu, p.String())
		}
	})
	return s.menu
}

// A tree whose nodes each resolve their parent once: the Do inside runs
// on another node's Once. Silent.
type Node struct {
	once   sync.Once
	parent *Node
	path   string
	name   string
}

func (n *Node) Child(name string) *Node { return &Node{parent: n, name: name} }

func (n *Node) Path() string {
	n.once.Do(func() {
		if n.parent == nil {
			n.path = n.name
			return
		}
		n.path = n.parent.Path() + "/" + n.name
	})
	return n.path
}

// A provider loads its settings once through a method value; the loader
// checks the name through the accessor, which enters the same Once.
type tlsProvider struct {
	once sync.Once
	name string
	raw  string
}

func (p *tlsProvider) load() {
	p.name = p.raw
	if p.ServerName() == "" {
		p.name = "localhost"
	}
}

func (p *tlsProvider) ServerName() string {
	p.once.Do(p.load) // want `p.once.Do at oncerec.go:\d+ runs a function that calls p.once.Do again: it calls p.ServerName at oncerec.go:\d+, which calls p.once.Do`
	return p.name
}

// The loader reads the field itself: silent.
type rawProvider struct {
	once sync.Once
	name string
	raw  string
}

func (p *rawProvider) load() {
	p.name = p.raw
	if p.name == "" {
		p.name = "localhost"
	}
}

func (p *rawProvider) ServerName() string {
	p.once.Do(p.load)
	return p.name
}
