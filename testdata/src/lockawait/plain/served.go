package plain

import (
	"errors"
	"sync"
	"time"
)

// A profiler's monitor goroutine owns the output: a user switches it by
// sending the new destination and waiting for the result. The user
// holds the profiler's lock, which the monitor takes when its recheck
// ticker fires: the request's send may wait for a monitor that waits
// for the lock (reported). Once the monitor has the request, it replies
// without the lock: the reply's wait is not reported.
type switchProfiler struct {
	lock         sync.Mutex
	hostname     string
	dest         int
	dir          string
	ingestSwitch chan int
	outputSwitch chan string
	switchResult chan error
}

func newSwitchProfiler() *switchProfiler {
	p := &switchProfiler{ingestSwitch: make(chan int), outputSwitch: make(chan string), switchResult: make(chan error)}
	go p.monitor()
	return p
}

// SetOutputDirectory asks for another kind of switch, answered on the
// same result channel.
func (p *switchProfiler) SetOutputDirectory(dir string) error {
	p.outputSwitch <- dir
	return <-p.switchResult
}

func (p *switchProfiler) monitor() {
	recheck := time.NewTicker(time.Minute)
	defer recheck.Stop()
	for {
		select {
		case <-recheck.C:
			p.lock.Lock()
			_ = p.hostname
			p.lock.Unlock()
		case d := <-p.ingestSwitch:
			if d < 0 {
				p.switchResult <- errors.New("bad destination")
				continue
			}
			p.dest = d
			p.switchResult <- nil
		case dir := <-p.outputSwitch:
			p.dir = dir
			p.switchResult <- nil
		}
	}
}

func (p *switchProfiler) SetOutput(host string, d int) error {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.hostname = host
	p.ingestSwitch <- d // want `sync lock p.lock \(locked at served.go:\d+\) is held while waiting for another goroutine: a channel send`
	return <-p.switchResult
}

// The same monitor logging each switch under the lock before it
// replies: the reply's wait is reported too (and the request's: the
// monitor takes the lock between two requests).
type loggingProfiler struct {
	lock         sync.Mutex
	log          []string
	ingestSwitch chan int
	switchResult chan error
}

func newLoggingProfiler() *loggingProfiler {
	p := &loggingProfiler{ingestSwitch: make(chan int), switchResult: make(chan error)}
	go p.monitor()
	return p
}

func (p *loggingProfiler) monitor() {
	for d := range p.ingestSwitch {
		p.lock.Lock()
		p.log = append(p.log, "switch")
		p.lock.Unlock()
		if d < 0 {
			p.switchResult <- errors.New("bad destination")
			continue
		}
		p.switchResult <- nil
	}
}

func (p *loggingProfiler) SetOutput(d int) error {
	p.lock.Lock()
	defer p.lock.Unlock()
	p.ingestSwitch <- d // want `sync lock p.lock \(locked at served.go:\d+\) is held while waiting for another goroutine: a channel send`
	return <-p.switchResult // want `sync lock p.lock \(locked at served.go:\d+\) is held while waiting for another goroutine: a channel receive`
}
