// want package:`lock order \(published\.manager\)\.stateMu -> \(published\.manager\)\.renewalMu, \(published\.manager\)\.renewalMu -> \(published\.renewal\)\.timerMu, \(published\.renewal\)\.timerMu -> \(published\.manager\)\.stateMu, \(published\.openManager\)\.stateMu -> \(published\.openManager\)\.renewalMu, \(published\.openManager\)\.stateMu -> \(published\.openRenewal\)\.timerMu, \(published\.openManager\)\.renewalMu -> \(published\.openRenewal\)\.timerMu, \(published\.openRenewal\)\.timerMu -> \(published\.openManager\)\.stateMu`

package published

import (
	"sync"
	"time"
)

// A certificate manager starts a renewal for each certificate it loads,
// holding its state lock; a renewal's timer callback holds the renewal's
// lock and updates the state. startRenew makes the renewal, puts it in
// the table and starts it with the table's lock held all along: until
// that lock is let go, nobody can find the renewal, so no goroutine can
// hold its lock. cert's order (state, then the fresh renewal's timer)
// makes no inversion with renew's (timer, then state).
type manager struct {
	stateMu   sync.Mutex
	state     map[string]int
	renewalMu sync.Mutex
	renewal   map[string]*renewal
}

type renewal struct {
	m       *manager
	key     string
	timerMu sync.Mutex
	timer   *time.Timer
}

func (m *manager) cert(key string) {
	m.stateMu.Lock()
	defer m.stateMu.Unlock()
	m.state[key] = 1
	m.startRenew(key)
}

func (m *manager) startRenew(key string) {
	m.renewalMu.Lock()
	defer m.renewalMu.Unlock()
	if m.renewal[key] != nil {
		return
	}
	r := &renewal{m: m, key: key}
	m.renewal[key] = r
	r.start()
}

func (m *manager) stopRenew() {
	m.renewalMu.Lock()
	defer m.renewalMu.Unlock()
	for _, r := range m.renewal {
		r.stop()
	}
}

func (r *renewal) start() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	if r.timer == nil {
		r.timer = time.AfterFunc(time.Hour, r.renew)
	}
}

func (r *renewal) stop() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	if r.timer != nil {
		r.timer.Stop()
	}
}

func (r *renewal) renew() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	r.m.stateMu.Lock()
	r.m.state[r.key]++
	r.m.stateMu.Unlock()
}

// The same manager whose startRenew lets the table's lock go before it
// starts the renewal: stopRenew can find the renewal in the table and
// hold its lock meanwhile, so cert's order is an edge, and the inversion
// with renew is reported.
type openManager struct {
	stateMu   sync.Mutex
	state     map[string]int
	renewalMu sync.Mutex
	renewal   map[string]*openRenewal
}

type openRenewal struct {
	m       *openManager
	key     string
	timerMu sync.Mutex
	timer   *time.Timer
}

func (m *openManager) cert(key string) {
	m.stateMu.Lock()
	defer m.stateMu.Unlock()
	m.state[key] = 1
	m.startRenew(key) // want `lock order inversion: \(\*published.openManager\).cert takes \(published.openManager\).stateMu then \(published.openRenewal\).timerMu`
}

func (m *openManager) startRenew(key string) {
	m.renewalMu.Lock()
	if m.renewal[key] != nil {
		m.renewalMu.Unlock()
		return
	}
	r := &openRenewal{m: m, key: key}
	m.renewal[key] = r
	m.renewalMu.Unlock()
	r.start()
}

func (m *openManager) stopRenew() {
	m.renewalMu.Lock()
	defer m.renewalMu.Unlock()
	for _, r := range m.renewal {
		r.stop()
	}
}

func (r *openRenewal) start() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	if r.timer == nil {
		r.timer = time.AfterFunc(time.Hour, r.renew)
	}
}

func (r *openRenewal) stop() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	if r.timer != nil {
		r.timer.Stop()
	}
}

func (r *openRenewal) renew() {
	r.timerMu.Lock()
	defer r.timerMu.Unlock()
	r.m.stateMu.Lock()
	r.m.state[r.key]++
	r.m.stateMu.Unlock()
}
