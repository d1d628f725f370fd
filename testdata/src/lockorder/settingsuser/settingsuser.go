// want package:`lock order settings.mu -> the callbacks of settings.Watch#0, \(settingsuser.Server\).mu -> settings.mu, \(settingsuser.Auditor\).mu -> settings.mu, settings.mu -> \(settingsuser.Server\).mu`

package settingsuser

import (
	"sync"

	"fixtures/lockorder/settings"
)

// A server caches a setting: a watcher marks it stale under s.mu, and
// Reload reads the setting holding s.mu. Set holds the settings' lock
// while it runs the watcher.
type Server struct {
	mu      sync.Mutex
	timeout string
	stale   bool
}

func NewServer() *Server {
	s := &Server{}
	settings.Watch(s.markStale) // want `lock order inversion: settings.Set takes settings.mu then \(settingsuser.Server\).mu \(mu locked at settings.go:\d+, then s.mu at settingsuser.go:\d+ by calling s.markStale, registered at settingsuser.go:\d+, which locks s.mu at settingsuser.go:\d+\), but \(\*settingsuser.Server\).Reload takes \(settingsuser.Server\).mu then settings.mu`
	return s
}

func (s *Server) markStale(string) {
	s.mu.Lock()
	s.stale = true
	s.mu.Unlock()
}

func (s *Server) Reload() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.timeout = settings.Get("timeout")
	s.stale = false
	return s.timeout
}

// The same cache whose audit hook runs after Set lets its lock go: no
// order from settings.mu to a.mu.
type Auditor struct {
	mu   sync.Mutex
	seen []string
}

func NewAuditor() *Auditor {
	a := &Auditor{}
	settings.SetAudit(a.record)
	return a
}

func (a *Auditor) record(key string) {
	a.mu.Lock()
	a.seen = append(a.seen, key)
	a.mu.Unlock()
}

func (a *Auditor) Snapshot() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	_ = settings.Get("audit")
	return append([]string(nil), a.seen...)
}
