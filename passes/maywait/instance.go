package maywait

import (
	"go/token"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/asynclint/asynclint/passes/chanflow"
	"github.com/asynclint/asynclint/passes/refs"
)

// Which object a wait is on.
//
// A wait on a channel of an object its function is handed (m.ch in
// (*chanMu).forceLock, m its receiver) has for peers the operations on
// that field of every object of the type: the unlock of the read lock
// as well as of the write lock, though Close waits for the write lock
// only. Where the peer's function is handed its object too (unlock's
// m), each call of it names which object: the one in c.readMu, made by
// newChanMu at one place, or the one in c.writeMu, made at another
// (refs.Origins). A lock the peer needs only by way of such calls is
// then needed only when the waiting call is on an object of the same
// origins: its waker carries that condition (condSep, the waiting
// function's parameter and the origins), and the call of the waiting
// function from a function of the package checks it against what it
// passes (reach's Narrow). A condition nothing checks is no condition:
// the waker counts (lockawait on the waiting function itself, another
// package through the facts).

// condSep separates a waker's condition from the waker: "class|inst
// if k:alloc/call,...", the lock needed only when the waiting
// function's k-th parameter (the receiver first) may be an object of one
// of those origins (refs.Origin, by token.Pos).
const condSep = " if "

// A wakerCond is the condition a waker's lock is needed under: always
// (all), or only when the waiting function's parameter k may be an
// object of one of the origins sites.
type wakerCond struct {
	all   bool
	k     int
	sites []refs.Origin
}

// A callPart is one way a goroutine gets to a peer's function: the
// locks it takes on the way, and the origins of the object the peer
// works on (nil when not known).
type callPart struct {
	sites []refs.Origin
	takes []lockTake
}

// peerCalls says, for a peer of op, which objects the ways to the
// peer's function work on, when both op and the peer use a channel in a
// field of an object their function is handed (the same field): k, the
// waiting function's parameter.
func (p *peers) peerCalls(op, peer *chanflow.Op) (k int, parts []callPart, ok bool) {
	k, path := p.paramChan(op)
	j, peerPath := p.paramChan(peer)
	if k < 0 || j < 0 || path != peerPath || len(p.callers[peer.Fn]) == 0 {
		return 0, nil, false
	}
	p.callParts(peer.Fn, j, op.Fn, nil, 0, &parts)
	return k, parts, true
}

// callParts adds to parts the ways to fn's calls, which hand fn the
// object as parameter j; acc holds what is taken on the way below. A
// call that passes on its own function's parameter is followed up to
// that function's calls (the object comes from there), a few levels.
func (p *peers) callParts(fn *ssa.Function, j int, waiter *ssa.Function, acc []lockTake, depth int, parts *[]callPart) {
	for _, c := range p.callers[fn] {
		here := addTakes(slices.Clip(acc), p.takenBefore(c, waiter)...)
		arg := argOf(c, j)
		if arg == nil {
			*parts = append(*parts, callPart{takes: addTakes(here, p.callerTakes(c.Parent(), waiter)...)})
			continue
		}
		if r := p.prog.Of(arg); r.Path == "" && depth < 3 {
			if prm, ok := r.Root.(*ssa.Parameter); ok {
				up := prm.Parent()
				if i := slices.Index(up.Params, prm); i >= 0 && len(p.callers[up]) > 0 {
					if p.calledFromOutside(up) {
						*parts = append(*parts, callPart{takes: here})
					}
					p.callParts(up, i, waiter, here, depth+1, parts)
					continue
				}
			}
		}
		sites, _ := p.prog.Origins(arg)
		*parts = append(*parts, callPart{sites: sites, takes: addTakes(here, p.callerTakes(c.Parent(), waiter)...)})
	}
}

// calledFromOutside reports whether fn may be called other than by the
// package's calls of it: exported, started with go, or used as a value.
func (p *peers) calledFromOutside(fn *ssa.Function) bool {
	obj := fn.Object()
	return obj != nil && obj.Exported() || len(p.edgeIndex().handers[fn]) > 0
}

// paramChan returns the parameter of op's function whose object holds
// op's channel (a field of it, "" for none), and the field path; -1
// when the channel is not in one.
func (p *peers) paramChan(op *chanflow.Op) (int, string) {
	r := p.prog.Of(op.Chan)
	prm, ok := r.Root.(*ssa.Parameter)
	if !ok || r.Path == "" || strings.Contains(r.Path, "[]") {
		return -1, ""
	}
	return slices.Index(op.Fn.Params, prm), r.Path
}

// peerConds gives each of ts, the locks a peer needs, the condition it
// needs it under: always, unless every way it needs it is through calls
// of its function on objects of known origins (and not before the
// operation in the function itself, nor on its way out).
func (p *peers) peerConds(op, peer *chanflow.Op, ts []lockTake) []wakerCond {
	out := make([]wakerCond, len(ts))
	if len(ts) == 0 {
		return out // nothing to say which object of: no walk of the callers
	}
	k, parts, ok := p.peerCalls(op, peer)
	if !ok {
		for i := range out {
			out[i].all = true
		}
		return out
	}
	base := p.takenBefore(peer.Instr, nil)
	for _, b := range peer.Fn.Blocks {
		for _, x := range b.Instrs {
			if d, ok := x.(*ssa.Defer); ok {
				base = addTakes(slices.Clip(base), p.instrTakes(d, nil, true)...)
			}
		}
	}
	base = addTakes(slices.Clip(base), p.relayed(peer.Instr, nil)...)
	for i, t := range ts {
		if slices.ContainsFunc(base, t.sameLock) {
			out[i].all = true
			continue
		}
		cond := wakerCond{k: k}
		for _, part := range parts {
			if !slices.ContainsFunc(part.takes, t.sameLock) {
				continue
			}
			if part.sites == nil {
				cond.all = true
				break
			}
			cond.sites = addPos(cond.sites, part.sites...)
		}
		if cond.sites == nil {
			cond.all = true // needed some other way
		}
		out[i] = cond
	}
	return out
}

// sameLock reports whether t and u are the same lock, however taken.
func (t lockTake) sameLock(u lockTake) bool {
	return t.class == u.class && t.inst == u.inst
}

// addCond records that the lock t is needed under c.
func (w *wakerSet) addCond(t lockTake, c wakerCond) {
	if w.conds == nil {
		w.conds = make(map[string]wakerCond)
	}
	key := t.class + instSep + t.inst
	old, seen := w.conds[key]
	switch {
	case !seen:
		w.conds[key] = c
	case old.all:
	case c.all || c.k != old.k:
		w.conds[key] = wakerCond{all: true}
	default:
		old.sites = addPos(slices.Clip(old.sites), c.sites...)
		w.conds[key] = old
	}
}

// condOf returns the condition recorded for t's lock; always when none.
func (w *wakerSet) condOf(t lockTake) wakerCond {
	c, ok := w.conds[t.class+instSep+t.inst]
	if !ok {
		return wakerCond{all: true}
	}
	return c
}

func (c wakerCond) String() string {
	if c.all {
		return ""
	}
	var b strings.Builder
	b.WriteString(condSep + strconv.Itoa(c.k) + ":")
	for i, s := range c.sites {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(int(s.Alloc)) + "/" + strconv.Itoa(int(s.Call)))
	}
	return b.String()
}

// stripCond returns a waker without its condition.
func stripCond(w string) string {
	if i := strings.Index(w, condSep); i >= 0 {
		return w[:i]
	}
	return w
}

// parseCond returns a waker's condition.
func parseCond(w string) (string, wakerCond) {
	i := strings.Index(w, condSep)
	if i < 0 {
		return w, wakerCond{all: true}
	}
	rest := w[i+len(condSep):]
	colon := strings.Index(rest, ":")
	k, err := strconv.Atoi(rest[:max(colon, 0)])
	if colon < 0 || err != nil {
		return w[:i], wakerCond{all: true}
	}
	c := wakerCond{k: k}
	for _, f := range strings.Split(rest[colon+1:], ",") {
		a, b, _ := strings.Cut(f, "/")
		x, err1 := strconv.Atoi(a)
		y, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			return w[:i], wakerCond{all: true}
		}
		c.sites = append(c.sites, refs.Origin{Alloc: token.Pos(x), Call: token.Pos(y)})
	}
	return w[:i], c
}

// narrow returns the wakers of a call of a function of the package,
// less those whose condition the call's arguments fail (an object made
// elsewhere than where the peers' objects are made), the others without
// their condition.
func (p *peers) narrow(call ssa.CallInstruction, wakers []string) []string {
	var out []string
	for _, w := range wakers {
		name, c := parseCond(w)
		if !c.all && call != nil {
			if arg := argOf(call, c.k); arg != nil {
				if sites, ok := p.prog.Origins(arg); ok && !refs.Overlap(sites, c.sites) {
					continue // another object than the peers'
				}
			}
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

func addPos(out []refs.Origin, ps ...refs.Origin) []refs.Origin {
	for _, s := range ps {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
