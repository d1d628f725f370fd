// Package origins is what refs.Origins is asked about: at each call of
// objects(a, b), whether a and b may be one object.
package origins

type mu struct{ ch chan struct{} }

func newMu() *mu { return &mu{ch: make(chan struct{}, 1)} }

// wrapMu returns what newMu returns: made by wrapMu's call of newMu,
// the innermost constructor's call, whichever call of wrapMu asked.
func wrapMu() *mu { return newMu() }

// cachedMu may return an object made by an earlier call: not known.
func cachedMu() *mu {
	if cache != nil {
		return cache
	}
	cache = newMu()
	return cache
}

var cache *mu

func objects(a, b any) {}

type conn struct {
	readMu, writeMu *mu
	otherMu         *mu
}

func newConn() *conn {
	c := &conn{readMu: newMu(), writeMu: newMu()}
	c.otherMu = c.readMu
	return c
}

func use(c *conn, p *mu) {
	objects(c.readMu, c.writeMu)  // want `distinct`
	objects(c.readMu, c.readMu)   // want `may be one`
	objects(c.otherMu, c.readMu)  // want `may be one`
	objects(c.otherMu, c.writeMu) // want `distinct`
	objects(wrapMu(), wrapMu())   // want `may be one`
	objects(cachedMu(), c.readMu) // want `not known`
	objects(p, c.readMu)          // want `not known`
	objects(newMu(), newMu())     // want `distinct`
}

// held builds an object and hands it to a goroutine as it is built:
// seen from inside, it is the object a caller of held gets.
func held() *mu {
	m := &mu{ch: make(chan struct{}, 1)}
	go func() {
		objects(m, m) // want `may be one`
	}()
	return m
}

type lease struct{ m *mu }

func newLease() *lease {
	l := &lease{m: held()}
	return l
}

func inside(l *lease) {
	m := &mu{}
	objects(l.m, m) // want `distinct`
	got := held()
	objects(got, l.m) // want `distinct`
}

// heldFor hands the object it makes to a goroutine, which sees it as
// the allocation, and newPool keeps it from its call: one object.
func heldFor(p *pool) *mu {
	m := &mu{ch: make(chan struct{}, 1)}
	go func() {
		objects(m, p.m) // want `may be one`
	}()
	return m
}

type pool struct{ m *mu }

func newPool() *pool {
	p := &pool{}
	p.m = heldFor(p)
	return p
}

// An exported field: another package may set it.
type Pub struct{ M *mu }

func newPub() *Pub { return &Pub{M: newMu()} }

func pubUse(p *Pub, c *conn) {
	objects(p.M, c.writeMu) // want `not known`
}
