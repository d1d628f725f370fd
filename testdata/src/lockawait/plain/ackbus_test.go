package plain

import "testing"

func TestAckBus(t *testing.T) {
	b := newAckBus()
	b.Subscribe("a")
	go b.Ack()
	b.Publish("x")
	b.Close()
}

// The test subscribes, then starts a publisher and closes: the
// publisher starts after the subscription's lock is released.
func TestAckBusClose(t *testing.T) {
	b := newAckBus()
	b.Subscribe("a")
	go b.Publish("x")
	b.Close()
}

func TestServedAckBus(t *testing.T) {
	b := newServedAckBus()
	servePublisher(b)
	b.Subscribe("a")
	b.Close()
}
