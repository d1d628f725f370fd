// Package early: receivers that stop taking values before the senders
// are done.
package early

import (
	"errors"
	"sync"
)

type job func() error

// FirstError returns the first error of the jobs: the other senders are
// left blocked on errc for good.
func FirstError(jobs []job) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func() {
			errc <- j() // want `send on errc blocks forever once its receiver stops: the loop receiving at early.go:\d+ leaves by the return at line \d+ before the senders are done`
		}()
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// With room for every value, each sender leaves. Silent.
func FirstErrorBuffered(jobs []job) error {
	errc := make(chan error, len(jobs))
	for _, j := range jobs {
		go func() {
			errc <- j()
		}()
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Every value is taken before the function returns. Silent.
func AllErrors(jobs []job) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func() {
			errc <- j()
		}()
	}
	var errs []error
	for range jobs {
		if err := <-errc; err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Fastest asks two mirrors and keeps the first answer: the slower one
// blocks forever.
func Fastest(a, b func() string) string {
	ch := make(chan string)
	go func() { ch <- a() }() // want `send on ch blocks forever: the receive at early.go:\d+ takes one value, and ch has more senders than that`
	go func() { ch <- b() }() // want `send on ch blocks forever: the receive at early.go:\d+ takes one value`
	return <-ch
}

// Both answers are taken. Silent.
func Both(a, b func() string) (string, string) {
	ch := make(chan string)
	go func() { ch <- a() }()
	go func() { ch <- b() }()
	x := <-ch
	y := <-ch
	return x, y
}

// A scanner feeds lines and closes the channel; the reader stops at the
// first blank line and returns, leaving the scanner blocked.
type scanner struct {
	lines []string
}

func (s *scanner) feed(out chan<- string) {
	for _, l := range s.lines {
		out <- l // want `send on ch blocks forever once its receiver stops: the loop receiving at early.go:\d+ leaves by the return at line \d+`
	}
	close(out)
}

func (s *scanner) Header() []string {
	ch := make(chan string)
	go s.feed(ch)
	var h []string
	for l := range ch {
		if l == "" {
			return h
		}
		h = append(h, l)
	}
	return h
}

// The same reader drains the rest before it returns. Silent.
type drainScanner struct {
	lines []string
}

func (s *drainScanner) feed(out chan<- string) {
	for _, l := range s.lines {
		out <- l
	}
	close(out)
}

func (s *drainScanner) Header() []string {
	ch := make(chan string)
	go s.feed(ch)
	defer func() {
		for range ch {
		}
	}()
	var h []string
	for l := range ch {
		if l == "" {
			return h
		}
		h = append(h, l)
	}
	return h
}

// A reader that stops only at the close (the comma-ok form). Silent.
type okScanner struct {
	lines []string
}

func (s *okScanner) feed(out chan<- string) {
	for _, l := range s.lines {
		out <- l
	}
	close(out)
}

func (s *okScanner) All() []string {
	ch := make(chan string)
	go s.feed(ch)
	var all []string
	for {
		l, ok := <-ch
		if !ok {
			return all
		}
		all = append(all, l)
	}
}

// Several consumers share the work: when one leaves, the others still
// receive. Silent.
func Consume(items []string, n int) {
	ch := make(chan string)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range ch {
				if it == "" {
					return
				}
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
}

// The first answer kept, and the channel closed by its receiver: the
// other senders panic rather than block (chanclose reports the close).
// Silent here.
func FastestClosed(a, b func() string) string {
	ch := make(chan string)
	go func() { ch <- a() }()
	go func() { ch <- b() }()
	v := <-ch
	close(ch)
	return v
}

// Errors collected until a closer goroutine closes the channel once
// every worker is done; the first error returns, and the workers behind
// it (and the closer) stay blocked.
func FirstOfGroup(jobs []job) error {
	errc := make(chan error)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := j(); err != nil {
				errc <- err // want `send on errc blocks forever once its receiver stops: the loop receiving at early.go:\d+ leaves by the return`
			}
		}()
	}
	go func() {
		wg.Wait()
		close(errc)
	}()
	for err := range errc {
		return err
	}
	return nil
}

// Channels made in a loop are each iteration's own: silent.
func PerIteration(jobs []job) error {
	for _, j := range jobs {
		errc := make(chan error)
		go func() { errc <- j() }()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}
