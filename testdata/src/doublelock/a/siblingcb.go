package a

import "sync"

// A channel's balancer reports state changes through a callback that
// the channel wires, when it is made, to a method of its picker, whose
// channel field points back at the channel. A resolve holding the
// channel's lock runs the callback: the picker locks the same channel.

type lbPolicy struct {
	onUpdate func(state string)
}

type lbPicker struct {
	ch      *rpcChannel
	choices []string
}

func (p *lbPicker) updateState(s string) {
	p.ch.mu.Lock()
	p.ch.state = s
	p.ch.mu.Unlock()
}

type rpcChannel struct {
	mu     sync.Mutex
	state  string
	picker *lbPicker
	policy *lbPolicy
}

func newRPCChannel() *rpcChannel {
	ch := &rpcChannel{}
	ch.picker = &lbPicker{ch: ch}
	ch.policy = &lbPolicy{onUpdate: ch.picker.updateState}
	return ch
}

func (ch *rpcChannel) resolve(s string) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.policy.onUpdate(s) // want `ch.mu is locked at siblingcb.go:40 and locked again at siblingcb.go:42 by calling ch.policy.onUpdate, which calls the method value \(\*lbPicker\).updateState stored at siblingcb.go:35, which locks p.ch.mu at siblingcb.go:20`
}

// resolveLater lets the lock go before it tells the policy: silent.
func (ch *rpcChannel) resolveLater(s string) {
	ch.mu.Lock()
	ch.state = "resolving"
	ch.mu.Unlock()
	ch.policy.onUpdate(s)
}

// A mirror's picker belongs to the primary it follows, not to the
// mirror: the mirror's lock is not the one the picker takes. Silent.

type mirrorChannel struct {
	mu     sync.Mutex
	picker *lbPicker
	policy *lbPolicy
}

func newMirror(primary *rpcChannel) *mirrorChannel {
	m := &mirrorChannel{picker: primary.picker}
	m.policy = &lbPolicy{onUpdate: m.picker.updateState}
	return m
}

func (m *mirrorChannel) resolve(s string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.policy.onUpdate(s)
}
