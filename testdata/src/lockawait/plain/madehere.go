package plain

import "sync"

// A metric notifies a test of each update, holding its lock.
type notifyMetric struct {
	lock     sync.Mutex
	value    float64
	notifyCh chan<- struct{}
}

func (m *notifyMetric) Set(v float64) {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.value = v
	if m.notifyCh != nil {
		m.notifyCh <- struct{}{}
	}
}

func (m *notifyMetric) Value() float64 {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.value
}

type metricSet struct {
	latency, unfinished notifyMetric
}

// The test reads one metric (taking its lock) before it makes the
// channel another reports on: no Set can wait on a channel that is not
// made yet, so what the test took before is behind it. Not reported.
func checkUnfinished(ms *metricSet, step func()) float64 {
	_ = ms.latency.Value()
	ch := make(chan struct{}, 1)
	ms.unfinished.notifyCh = ch
	go func() {
		step()
		ms.unfinished.Set(1)
	}()
	<-ch
	return ms.unfinished.Value()
}

// The same metric, read by the test after publishing the channel: a
// Set blocked on a full channel holds the lock the read waits for,
// before the test gets to its receive.
type earlyMetric struct {
	lock     sync.Mutex
	value    float64
	notifyCh chan<- struct{}
}

func (m *earlyMetric) Set(v float64) {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.value = v
	if m.notifyCh != nil {
		m.notifyCh <- struct{}{} // want `sync lock m.lock \(locked at madehere.go:56\) is held while waiting for another goroutine: a channel send \(madehere.go:60\); release it before waiting \(the receive at madehere.go:79 in checkEarly may take m.lock first\)`
	}
}

func (m *earlyMetric) Value() float64 {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.value
}

func checkEarly(m *earlyMetric, step func()) float64 {
	ch := make(chan struct{}, 1)
	m.notifyCh = ch
	go func() {
		step()
		m.Set(1)
		m.Set(2)
	}()
	v := m.Value()
	<-ch
	return v
}

// Two metrics of one set, each with its own channel: the test reads the
// first (taking its lock) before it receives from the second's channel.
// The second's Set holds the second's lock, another object: not
// reported.
type siblingMetric struct {
	lock     sync.Mutex
	value    float64
	notifyCh chan<- struct{}
}

func (m *siblingMetric) Set(v float64) {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.value = v
	if m.notifyCh != nil {
		m.notifyCh <- struct{}{}
	}
}

func (m *siblingMetric) Value() float64 {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.value
}

type siblingSet struct {
	unfinished, longest siblingMetric
}

func checkSiblings(ms *siblingSet, step func()) float64 {
	ch := make(chan struct{}, 1)
	longestCh := make(chan struct{}, 1)
	ms.unfinished.notifyCh = ch
	ms.longest.notifyCh = longestCh
	go func() {
		step()
		ms.unfinished.Set(1)
		ms.longest.Set(1)
		ms.longest.Set(2)
	}()
	<-ch
	v := ms.unfinished.Value()
	<-longestCh
	return v + ms.longest.Value()
}

// The metric read after the receive, past a branch: what the test
// locks after its receive does not hold up the send it receives. Not
// reported.
type lateMetric struct {
	lock     sync.Mutex
	value    float64
	notifyCh chan<- struct{}
}

func (m *lateMetric) Set(v float64) {
	m.lock.Lock()
	defer m.lock.Unlock()
	m.value = v
	if m.notifyCh != nil {
		m.notifyCh <- struct{}{}
	}
}

func (m *lateMetric) Value() float64 {
	m.lock.Lock()
	defer m.lock.Unlock()
	return m.value
}

func checkLate(m *lateMetric, step func(), verbose bool) float64 {
	ch := make(chan struct{}, 1)
	m.notifyCh = ch
	go func() {
		step()
		m.Set(1)
		m.Set(2)
	}()
	if verbose {
		println("waiting")
	}
	<-ch
	return m.Value()
}
