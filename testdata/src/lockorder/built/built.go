// want package:`lock order \(built\.client\)\.mu -> \(built\.config\)\.mu, \(built\.config\)\.mu -> \(built\.client\)\.mu, \(built\.listedConfig\)\.mu -> \(built\.listedClient\)\.mu, \(built\.listedClient\)\.mu -> \(built\.listedConfig\)\.mu`

package built

import (
	"errors"
	"sync"
)

// NewClient builds a client under its config's lock and sets its
// headers through the client's own locked method. The client is the
// function's own until it returns it: no goroutine can hold its lock, so
// taking it under the config's lock makes no inversion with Config,
// which holds the client's lock and reads the config.
type config struct {
	mu      sync.Mutex
	address string
	last    *client
}

type client struct {
	mu      sync.Mutex
	cfg     *config
	headers map[string][]string
	token   string
}

func (c *client) AddHeader(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers[k] = append(c.headers[k], v)
}

func (c *client) setToken(t string) {
	c.token = t
	c.headers["token"] = []string{t}
}

func NewClient(cfg *config, extra map[string]string) *client {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	c := &client{cfg: cfg, headers: make(map[string][]string)}
	c.headers["agent"] = []string{"built"}
	c.setToken(cfg.address)
	for k, v := range extra {
		c.AddHeader(k, v)
	}
	return c
}

func (c *client) Address() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.mu.Lock() // want `lock order inversion: \(\*built.client\).Address takes \(built.client\).mu then \(built.config\).mu .*but \(\*built.client\).CloneRecorded takes`
	defer c.cfg.mu.Unlock()
	return c.cfg.address
}

// Clone builds a client under the config's lock through a constructor,
// and sets its token through the new client's locked method: what the
// constructor returns is as fresh as an allocation. Not reported.
func (c *client) SetToken(t string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.token = t
}

var errNoConfig = errors.New("no config")

func newBareClient(cfg *config) (*client, error) {
	if cfg == nil {
		return nil, errNoConfig
	}
	nc := &client{cfg: cfg, headers: make(map[string][]string)}
	nc.setToken("")
	return nc, nil
}

func (c *client) Clone(token string) *client {
	c.cfg.mu.Lock()
	defer c.cfg.mu.Unlock()
	nc, err := newBareClient(c.cfg)
	if err != nil {
		return nil
	}
	nc.SetToken(token)
	return nc
}

// A constructor that records the client in its config hands it over:
// taking its lock under the config's is an edge. Reported.
func newRecordedClient(cfg *config) *client {
	nc := &client{cfg: cfg, headers: make(map[string][]string)}
	cfg.last = nc
	return nc
}

func (c *client) CloneRecorded(token string) *client {
	c.cfg.mu.Lock()
	defer c.cfg.mu.Unlock()
	nc := newRecordedClient(c.cfg)
	nc.SetToken(token)
	return nc
}

// The same, but the new client registers itself with its config before
// it takes its own lock: Address may already hold the client's lock and
// wait for the config's. Reported.
type listedConfig struct {
	mu      sync.Mutex
	address string
	clients []*listedClient
}

type listedClient struct {
	mu      sync.Mutex
	cfg     *listedConfig
	headers map[string][]string
}

func (c *listedClient) register() {
	c.cfg.clients = append(c.cfg.clients, c)
}

func (c *listedClient) AddHeader(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers[k] = append(c.headers[k], v)
}

func NewListedClient(cfg *listedConfig, extra map[string]string) *listedClient {
	cfg.mu.Lock()
	defer cfg.mu.Unlock()
	c := &listedClient{cfg: cfg, headers: make(map[string][]string)}
	c.register()
	for k, v := range extra {
		c.AddHeader(k, v) // want `lock order inversion: built.NewListedClient takes \(built.listedConfig\).mu then \(built.listedClient\).mu`
	}
	return c
}

func (c *listedClient) Address() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cfg.mu.Lock()
	defer c.cfg.mu.Unlock()
	return c.cfg.address
}

// A session copies its settings into a fresh one through a constructor
// that may give up early (return s) and otherwise loads the defaults
// through the new settings' locked method. The new settings are the
// constructor's own: holding the session's lock while they are loaded
// makes no inversion with Apply, which holds settings' lock and then a
// session's. Not reported.
type settings struct {
	mu      sync.Mutex
	timeout int
}

type session struct {
	mu  sync.Mutex
	set *settings
}

func (s *settings) loadDefaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.timeout == 0 {
		s.timeout = 30
	}
}

func newSettings(timeout int) *settings {
	s := &settings{timeout: timeout}
	if timeout < 0 {
		return s
	}
	s.loadDefaults()
	return s
}

func (ss *session) Settings() *settings {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return newSettings(ss.set.timeout)
}

func (s *settings) Apply(ss *session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss.mu.Lock()
	ss.set = s
	ss.mu.Unlock()
}
