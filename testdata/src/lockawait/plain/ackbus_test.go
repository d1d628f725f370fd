package plain

import "testing"

func TestAckBus(t *testing.T) {
	b := newAckBus()
	b.Subscribe("a")
	go b.Ack()
	b.Publish("x")
	b.Close()
}
