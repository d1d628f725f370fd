package plain

import "sync"

// An SSH session delivers a break, under its lock, to the channel its
// handler registered with Break. The handler is a function literal that
// registers a channel its caller made for it, and then waits on it: it
// takes the lock only to register, before the session can find the
// channel.
type Session interface {
	Break(c chan<- bool)
	Write(s string)
}

type sshSession struct {
	sync.Mutex
	breakCh chan<- bool
	out     []string
}

func (sess *sshSession) Break(c chan<- bool) {
	sess.Lock()
	defer sess.Unlock()
	sess.breakCh = c
}

func (sess *sshSession) Write(s string) {
	sess.Lock()
	defer sess.Unlock()
	sess.out = append(sess.out, s)
}

func (sess *sshSession) handleRequests(reqs <-chan string, handler func(Session)) {
	go handler(sess)
	for req := range reqs {
		if req == "break" {
			sess.Lock()
			if sess.breakCh != nil {
				sess.breakCh <- true
			}
			sess.Unlock()
		}
	}
}

func ServeBreaks(reqs <-chan string, done <-chan struct{}) {
	breakCh := make(chan bool)
	sess := &sshSession{}
	sess.handleRequests(reqs, func(s Session) {
		s.Break(breakCh)
		select {
		case <-breakCh:
			s.Write("break")
		case <-done:
		}
	})
}

// The same handler writes a greeting after it has registered: the
// session may hold the lock to deliver a break while the handler waits
// for the lock to write.
type GreetSession interface {
	Break(c chan<- int)
	Write(s string)
}

type greetSession struct {
	mu sync.Mutex
	breakCh chan<- int
	out     []string
}

func (sess *greetSession) Break(c chan<- int) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.breakCh = c
}

func (sess *greetSession) Write(s string) {
	sess.mu.Lock()
	defer sess.mu.Unlock()
	sess.out = append(sess.out, s)
}

func (sess *greetSession) handleRequests(reqs <-chan string, handler func(GreetSession)) {
	go handler(sess)
	for req := range reqs {
		if req == "break" {
			sess.mu.Lock()
			if sess.breakCh != nil {
				sess.breakCh <- 1 // want `sync lock sess.mu \(locked at breakreg.go:\d+\) is held while waiting for another goroutine: a channel send \(breakreg.go:\d+\); release it before waiting \(the receive at breakreg.go:\d+ in a func literal in ServeGreetBreaks, run by the goroutine started at breakreg.go:\d+, may take sess.mu first\)`
			}
			sess.mu.Unlock()
		}
	}
}

func ServeGreetBreaks(reqs <-chan string) {
	breakCh := make(chan int)
	sess := &greetSession{}
	sess.handleRequests(reqs, func(s GreetSession) {
		s.Break(breakCh)
		s.Write("hello")
		<-breakCh
		s.Write("break")
	})
}
