// Package drain: a cleanup that receives again from channels whose one
// value was already received.
package drain

import (
	"context"
	"time"
)

type answer struct {
	mirror string
	body   []byte
}

type fetchFunc func(ctx context.Context, mirror string) answer

// Mirrors asks every mirror and keeps the answers that arrive in time.
type Mirrors struct {
	fetch   fetchFunc
	waiting []chan answer
}

func (m *Mirrors) Ask(ctx context.Context, names []string) []answer {
	m.waiting = make([]chan answer, 0, len(names))
	for _, name := range names {
		ch := make(chan answer)
		m.waiting = append(m.waiting, ch)
		go m.ask(ctx, name, ch)
	}
	var got []answer
	for _, ch := range m.waiting {
		select {
		case a := <-ch:
			got = append(got, a)
		case <-ctx.Done():
			go m.forget()
			return got
		}
	}
	return got
}

func (m *Mirrors) ask(ctx context.Context, name string, out chan answer) {
	out <- m.fetch(ctx, name)
}

// forget drains every channel, the ones Ask already took an answer from
// too.
func (m *Mirrors) forget() {
	for _, ch := range m.waiting {
		<-ch // want `receive from Mirrors.waiting\[\] blocks forever on a channel already received from at drain.go:\d+: each channel gets one value \(the send at drain.go:\d+\) and nobody closes it`
	}
}

// Tail drains only the channels it has not received from: silent.
type Tail struct {
	fetch   fetchFunc
	waiting []chan answer
	rest    []chan answer
}

func (t *Tail) Ask(ctx context.Context, names []string) []answer {
	t.waiting = make([]chan answer, len(names))
	for i, name := range names {
		ch := make(chan answer)
		t.waiting[i] = ch
		go func() {
			ch <- t.fetch(ctx, name)
		}()
	}
	var got []answer
	for i, ch := range t.waiting {
		select {
		case a := <-ch:
			got = append(got, a)
		case <-ctx.Done():
			t.rest = t.waiting[i:]
			go t.forget()
			return got
		}
	}
	return got
}

func (t *Tail) forget() {
	for _, ch := range t.rest {
		<-ch
	}
}

// Flagged skips the channels already received from: silent.
type Flagged struct {
	fetch   fetchFunc
	waiting []chan answer
	taken   []bool
}

func (f *Flagged) Ask(ctx context.Context, names []string) []answer {
	f.waiting = make([]chan answer, len(names))
	f.taken = make([]bool, len(names))
	for i, name := range names {
		ch := make(chan answer)
		f.waiting[i] = ch
		go func() {
			ch <- f.fetch(ctx, name)
		}()
	}
	var got []answer
	for i, ch := range f.waiting {
		select {
		case a := <-ch:
			f.taken[i] = true
			got = append(got, a)
		case <-ctx.Done():
			go f.forget()
			return got
		}
	}
	return got
}

func (f *Flagged) forget() {
	for i, ch := range f.waiting {
		if f.taken[i] {
			continue
		}
		<-ch
	}
}

// Closed: each sender closes its channel after its one value, so a
// second receive gets the zero value: silent.
type Closed struct {
	fetch   fetchFunc
	waiting []chan answer
}

func (c *Closed) Ask(ctx context.Context, names []string) []answer {
	c.waiting = make([]chan answer, len(names))
	for i, name := range names {
		ch := make(chan answer, 1)
		c.waiting[i] = ch
		go func() {
			defer close(ch)
			ch <- c.fetch(ctx, name)
		}()
	}
	var got []answer
	timeout := time.After(time.Second)
	for _, ch := range c.waiting {
		select {
		case a := <-ch:
			got = append(got, a)
		case <-timeout:
			go c.forget()
			return got
		}
	}
	return got
}

func (c *Closed) forget() {
	for _, ch := range c.waiting {
		<-ch
	}
}
