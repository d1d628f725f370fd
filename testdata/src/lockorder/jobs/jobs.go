// want package:`lock order \(jobs.worker\).mu -> \(jobs.volume\).mu, \(jobs.volume\).mu -> \(jobs.worker\).mu, \(jobs.disk\).mu -> \(jobs.openWorker\).mu, \(jobs.quietWorker\).mu -> \(jobs.index\).mu`

// Package jobs holds a worker that runs queued jobs under its lock, and
// objects that queue jobs locking themselves.
package jobs

import "sync"

type job struct {
	name string
	run  func()
	done chan struct{}
}

// A worker that records the job it runs, under its lock, while it runs
// it.
type worker struct {
	mu      sync.Mutex
	current string
	queue   chan job
}

func newWorker() *worker {
	w := &worker{queue: make(chan job, 16)}
	go w.loop()
	return w
}

func (w *worker) loop() {
	for j := range w.queue {
		w.mu.Lock()
		w.current = j.name
		j.run() // want `lock order inversion: \(\*jobs.worker\).loop takes \(jobs.worker\).mu then \(jobs.volume\).mu \(w.mu locked at jobs.go:31, then v.mu at jobs.go:33 by calling j.run \(the func literal at jobs.go:61\), which locks v.mu at jobs.go:62\), but \(\*jobs.volume\).Status takes \(jobs.volume\).mu then \(jobs.worker\).mu`
		w.current = ""
		w.mu.Unlock()
		close(j.done)
	}
}

func (w *worker) submit(name string, f func()) <-chan struct{} {
	j := job{name: name, run: f, done: make(chan struct{})}
	w.queue <- j
	return j.done
}

func (w *worker) busy() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.current
}

// A volume queues its mounts and reports the worker's job while it
// holds its own lock.
type volume struct {
	mu      sync.Mutex
	mounted map[string]bool
	w       *worker
}

func (v *volume) Mount(id string) <-chan struct{} {
	return v.w.submit("mount "+id, func() {
		v.mu.Lock()
		defer v.mu.Unlock()
		v.mounted[id] = true
	})
}

func (v *volume) Status() (int, string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return len(v.mounted), v.w.busy()
}

// The same worker that lets its lock go before it runs a job: not
// reported.
type openWorker struct {
	mu      sync.Mutex
	current string
	queue   chan job
}

func newOpenWorker() *openWorker {
	w := &openWorker{queue: make(chan job, 16)}
	go w.loop()
	return w
}

func (w *openWorker) loop() {
	for j := range w.queue {
		w.mu.Lock()
		w.current = j.name
		w.mu.Unlock()
		j.run()
		close(j.done)
	}
}

func (w *openWorker) submit(name string, f func()) <-chan struct{} {
	j := job{name: name, run: f, done: make(chan struct{})}
	w.queue <- j
	return j.done
}

func (w *openWorker) busy() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.current
}

type disk struct {
	mu    sync.Mutex
	parts map[string]bool
	w     *openWorker
}

func (d *disk) Part(id string) <-chan struct{} {
	return d.w.submit("part "+id, func() {
		d.mu.Lock()
		defer d.mu.Unlock()
		d.parts[id] = true
	})
}

func (d *disk) Status() (int, string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.parts), d.w.busy()
}

// A locked worker whose jobs' objects ask it nothing under their own
// lock: not reported.
type quietWorker struct {
	mu    sync.Mutex
	runs  int
	queue chan job
}

func (w *quietWorker) loop() {
	for j := range w.queue {
		w.mu.Lock()
		w.runs++
		j.run()
		w.mu.Unlock()
	}
}

func (w *quietWorker) submit(f func()) {
	w.queue <- job{run: f}
}

func (w *quietWorker) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.runs
}

type index struct {
	mu   sync.Mutex
	keys []string
	w    *quietWorker
}

func (x *index) Add(k string) {
	x.w.submit(func() {
		x.mu.Lock()
		defer x.mu.Unlock()
		x.keys = append(x.keys, k)
	})
}

func (x *index) Runs() int {
	n := x.w.count()
	x.mu.Lock()
	defer x.mu.Unlock()
	return n + len(x.keys)
}
