package plain

import (
	"sync"
	"testing"
	"time"
)

// A fake publisher that, when not answering by itself, holds mu while it
// waits for the test to hand it a response.
type fakePublisher struct {
	mu        sync.Mutex
	auto      bool
	topics    map[string]int
	responses chan string
}

func newFakePublisher() *fakePublisher {
	return &fakePublisher{auto: true, topics: make(map[string]int), responses: make(chan string, 8)}
}

func (f *fakePublisher) Publish(topic string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.topics[topic]++
	if !f.auto {
		return <-f.responses
	}
	return "auto"
}

func (f *fakePublisher) AddResponse(r string) { f.responses <- r }

func (f *fakePublisher) SetAuto(auto bool) {
	f.mu.Lock()
	f.auto = auto
	f.mu.Unlock()
}

// The test publishes (taking mu) before it starts the goroutine that
// publishes and waits, and after the start only sleeps and adds the
// response: what it took before the start is behind it, and it comes.
func TestManualPublish(t *testing.T) {
	f := newFakePublisher()
	f.Publish("t")
	f.SetAuto(false)
	f.AddResponse("1")
	if got := f.Publish("t"); got != "1" {
		t.Fatal(got)
	}
	done := make(chan string)
	go func() { done <- f.Publish("t") }()
	time.Sleep(10 * time.Millisecond)
	f.AddResponse("2")
	if got := <-done; got != "2" {
		t.Fatal(got)
	}
}

// The same publisher, whose test sets it to manual again after starting
// the goroutine: the goroutine may hold mu, waiting for the response,
// while the test waits for mu to flip the flag.
type lockedPublisher struct {
	mu        sync.Mutex
	auto      bool
	responses chan string
}

func (f *lockedPublisher) Publish() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.auto {
		return <-f.responses // want `sync lock f.mu \(locked at fakepub_test.go:\d+\) is held while waiting for another goroutine: a channel receive \(fakepub_test.go:\d+\); release it before waiting \(the send at fakepub_test.go:\d+ in \(\*lockedPublisher\).AddResponse may take f.mu first\)`
	}
	return "auto"
}

func (f *lockedPublisher) AddResponse(r string) { f.responses <- r }

func (f *lockedPublisher) SetAuto(auto bool) {
	f.mu.Lock()
	f.auto = auto
	f.mu.Unlock()
}

func TestManualPublishLocked(t *testing.T) {
	f := &lockedPublisher{auto: true, responses: make(chan string, 8)}
	done := make(chan string)
	go func() { done <- f.Publish() }()
	f.SetAuto(false)
	f.AddResponse("2")
	<-done
}
