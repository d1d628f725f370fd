// want package:`lock order \(callback.workQueue\).mu -> \(callback.Controller\).mu, \(callback.Controller\).mu -> \(callback.workQueue\).mu, \(callback.Reconciler\).mu -> \(callback.plainQueue\).mu`
// Package callback holds lock orders made through callbacks and
// interfaces.
package callback

import "sync"

// A controller registers its reconcile method as the queue's process
// callback, and reaches the queue through two interfaces: Update holds
// c.mu while adding to the queue (c.mu, then q.mu), and ProcessAll holds
// q.mu while calling back into the controller (q.mu, then c.mu).
type Queue interface{ Add(key string) }

type Enqueuer interface{ Enqueue(key string) }

type workQueue struct {
	mu      sync.Mutex
	items   []string
	process func(key string)
}

func (q *workQueue) Add(key string) {
	q.mu.Lock()
	q.items = append(q.items, key)
	q.mu.Unlock()
}

func (q *workQueue) ProcessAll() {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) > 0 {
		key := q.items[0]
		q.items = q.items[1:]
		q.process(key) // want `lock order inversion: \(\*callback.workQueue\).ProcessAll takes \(callback.workQueue\).mu then \(callback.Controller\).mu \(q.mu locked at callback.go:29, then c.mu at callback.go:34 by calling q.process, which locks c.mu at callback.go:\d+\), but \(\*callback.Controller\).Update takes \(callback.Controller\).mu then \(callback.workQueue\).mu`
	}
}

type resyncer struct{ q Queue }

func (r *resyncer) Enqueue(key string) { r.q.Add(key) }

type Controller struct {
	mu      sync.Mutex
	objects map[string]int
	out     Enqueuer
}

func NewController() (*Controller, *workQueue) {
	c := &Controller{objects: make(map[string]int)}
	q := &workQueue{}
	q.process = c.reconcile
	c.out = &resyncer{q: q}
	return c, q
}

func (c *Controller) Update(key string, gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.objects[key] = gen
	c.out.Enqueue(key)
}

func (c *Controller) reconcile(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.objects, key)
}

// The twin: the callback runs after the queue's lock is released.
type plainQueue struct {
	mu      sync.Mutex
	items   []string
	process func(key string)
}

func (q *plainQueue) Push(key string) {
	q.mu.Lock()
	q.items = append(q.items, key)
	q.mu.Unlock()
}

func (q *plainQueue) ProcessAll() {
	q.mu.Lock()
	items := q.items
	q.items = nil
	q.mu.Unlock()
	for _, key := range items {
		q.process(key)
	}
}

type Reconciler struct {
	mu      sync.Mutex
	objects map[string]int
	q       *plainQueue
}

func NewReconciler() *Reconciler {
	r := &Reconciler{objects: make(map[string]int), q: &plainQueue{}}
	r.q.process = r.reconcile
	return r
}

func (r *Reconciler) Update(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.objects[key]++
	r.q.Push(key)
}

func (r *Reconciler) reconcile(key string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.objects, key)
}
