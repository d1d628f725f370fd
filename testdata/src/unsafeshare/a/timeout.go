package a

import (
	"errors"
	"time"
)

type prober struct {
	status string
}

func probe() string { return "ok" }

// Probe gives up waiting after a second but still reads the status the
// goroutine may be writing: the timer's case orders nothing.
func (p *prober) Probe() string {
	done := make(chan struct{})
	go func() {
		p.status = probe() // want `p.status is written by the goroutine started at timeout.go:18 and read at timeout.go:26 by its starter`
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
	}
	return p.status
}

// ProbeErr returns on the timeout: the read runs only after done.
func (p *prober) ProbeErr() (string, error) {
	done := make(chan struct{})
	go func() {
		p.status = probe()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		return "", errors.New("timeout")
	}
	return p.status, nil
}

// Latest reads the status in its return statement, before the deferred
// wait: the goroutine may still be writing it.
func Latest() string {
	var status string
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		status = probe() // want `status is written by the goroutine started at timeout.go:50 and read at timeout.go:54 by its starter`
		close(done)
	}()
	return status
}

type caseProber struct {
	status string
}

// ProbeCase reads the status only in the case that received done.
func (p *caseProber) ProbeCase() string {
	done := make(chan struct{})
	go func() {
		p.status = probe()
		close(done)
	}()
	select {
	case <-done:
		return p.status
	case <-time.After(time.Second):
		return "timeout"
	}
}
