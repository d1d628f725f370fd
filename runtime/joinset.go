package runtime

import (
	"context"
	"sync"
)

// noCopy makes go vet's copylocks check flag copies of a JoinSet.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// A JoinSet is a set of tasks whose results are collected in the order
// they complete. Its zero value is an empty set ready to use. A JoinSet
// must not be copied after first use.
type JoinSet[T any] struct {
	_        noCopy
	mu       sync.Mutex
	running  []*setTask[T] // tasks not finished, each at its sidx-1
	queue    []*Task[T]    // finished, not yet returned, in completion order
	head     int
	pending  int      // tasks not yet returned by Next or Wait
	waiters  waitList // in Next
	idle     waitList // in Shutdown, waiting for running to empty
	shutting int      // Shutdown calls in progress
}

// Spawn starts f as a task in the set, like the package-level Spawn.
// A task spawned while Shutdown runs is cancelled at once.
func (s *JoinSet[T]) Spawn(ctx context.Context, f func(ctx context.Context) (T, error)) {
	spawn(ctx, f, s, false)
}

// Len returns the number of tasks of the set not yet returned by Next or
// Wait, finished or not.
func (s *JoinSet[T]) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pending
}

func (s *JoinSet[T]) add(tk *setTask[T]) {
	s.mu.Lock()
	s.running = append(s.running, tk)
	tk.sidx = int32(len(s.running))
	s.pending++
	cancel := s.shutting > 0
	s.mu.Unlock()
	if cancel {
		tk.t.cancel(context.Canceled)
	}
}

func (s *JoinSet[T]) complete(tk *setTask[T]) {
	var next, idle *waitNode
	s.mu.Lock()
	if i := int(tk.sidx) - 1; i >= 0 {
		tk.sidx = 0
		last := len(s.running) - 1
		if i != last {
			s.running[i] = s.running[last]
			s.running[i].sidx = int32(i + 1)
		}
		s.running[last] = nil
		s.running = s.running[:last]
		s.queue = append(s.queue, &tk.Task)
		next = s.waiters.claimOne()
		if last == 0 {
			idle = s.idle.claimAll()
		}
	}
	s.mu.Unlock()
	// Woken once s.mu is released; the first may take tk's slot.
	wakeClaimed(next, &tk.t)
	wakeClaimed(idle, nil)
}

// next returns the next finished task, or nil with ErrNoTasks or ctx's
// error.
func (s *JoinSet[T]) next(ctx context.Context) (*Task[T], error) {
	s.mu.Lock()
	for {
		if s.pending == 0 {
			s.waiters.wakeAll() // they will find the set empty too
			s.mu.Unlock()
			return nil, ErrNoTasks
		}
		if s.head < len(s.queue) {
			tk := s.queue[s.head]
			s.queue[s.head] = nil
			s.head++
			s.pending--
			if s.head == len(s.queue) {
				s.queue, s.head = s.queue[:0], 0
			} else {
				s.waiters.wakeOne() // pass the wake-up on
			}
			if s.pending == 0 {
				s.waiters.wakeAll()
			}
			s.mu.Unlock()
			return tk, nil
		}
		if err := ctx.Err(); err != nil {
			s.mu.Unlock()
			return nil, err
		}
		w, slot := parkNode(ctx)
		s.waiters.push(w)
		s.mu.Unlock()
		w.p.release(slot)
		if !w.p.wait(ctx) {
			s.mu.Lock()
			s.waiters.remove(w)
			s.mu.Unlock()
			return nil, w.p.unpark(ctx)
		}
		s.mu.Lock()
	}
}

// Next waits for the next task of the set to complete, removes it from the
// set and returns its result. It returns ErrNoTasks at once if the set is
// empty, and ctx.Err() if ctx ends first. Next is a suspension point.
func (s *JoinSet[T]) Next(ctx context.Context) (T, error) {
	tk, err := s.next(ctx)
	if tk == nil {
		var zero T
		return zero, err
	}
	return tk.val, tk.err
}

// Wait collects the results of all the tasks of the set, in completion
// order, like errgroup's Wait: on the first task that returns an error it
// cancels the remaining tasks, waits for all of them to finish, discards
// their results and returns that error with the results collected before.
// If ctx ends first it returns the results collected so far and ctx.Err(),
// leaving the other tasks in the set. Wait is a suspension point.
func (s *JoinSet[T]) Wait(ctx context.Context) ([]T, error) {
	var res []T
	for {
		tk, err := s.next(ctx)
		if err == ErrNoTasks {
			return res, nil
		}
		if tk == nil {
			return res, err
		}
		if tk.err != nil {
			s.Shutdown(ctx)
			return res, tk.err
		}
		res = append(res, tk.val)
	}
}

// Shutdown cancels every task of the set, and those spawned into it
// meanwhile, and waits until all of them have finished, discarding their
// results; the set is then empty. It returns only when no task of the set
// is left, even if ctx ends: ctx only identifies the calling task, whose
// slot is given back while it waits. Shutdown is a suspension point.
func (s *JoinSet[T]) Shutdown(ctx context.Context) {
	s.mu.Lock()
	s.shutting++
	var ts []*task
	for _, tk := range s.running {
		ts = append(ts, &tk.t)
	}
	s.mu.Unlock()
	for _, t := range ts {
		t.cancel(context.Canceled)
	}
	nc := context.WithoutCancel(ctx)
	s.mu.Lock()
	for len(s.running) > 0 {
		w, slot := parkNode(nc)
		s.idle.push(w)
		s.mu.Unlock()
		w.p.release(slot)
		w.p.wait(nc)
		s.mu.Lock()
	}
	s.shutting--
	clear(s.queue)
	s.queue, s.head, s.pending = s.queue[:0], 0, 0
	s.waiters.wakeAll() // they will find the set empty
	s.mu.Unlock()
}
