package runtime

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestChanBasics(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		c := NewChan[int](3)
		if c.Cap() != 3 || c.Len() != 0 {
			t.Errorf("Cap %d Len %d", c.Cap(), c.Len())
		}
		for i := 0; i < 3; i++ {
			if err := c.Send(ctx, i); err != nil {
				return err
			}
		}
		if c.Len() != 3 {
			t.Errorf("Len = %d", c.Len())
		}
		// A full Chan suspends the sender; FIFO is kept through the
		// waiting sender.
		s := Spawn(ctx, func(ctx context.Context) (int, error) { return 0, c.Send(ctx, 3) })
		for rt.Stats().TasksSuspended == 0 {
			Sleep(ctx, time.Millisecond)
		}
		for i := 0; i < 4; i++ {
			v, err := c.Recv(ctx)
			if v != i || err != nil {
				t.Errorf("Recv = %d, %v; want %d", v, err, i)
			}
		}
		if _, err := s.Await(ctx); err != nil {
			t.Error(err)
		}
		// Send cancelled while waiting: value not sent.
		for i := 0; i < 3; i++ {
			c.Send(ctx, 10+i)
		}
		cctx, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
		defer cancel()
		if err := c.Send(cctx, 99); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Send = %v", err)
		}
		// Close: buffered values drain, then ErrClosedChan.
		c.Close()
		if err := c.Send(ctx, 1); err != ErrClosedChan {
			t.Errorf("Send on closed = %v", err)
		}
		for i := 0; i < 3; i++ {
			if v, err := c.Recv(ctx); v != 10+i || err != nil {
				t.Errorf("drain = %d, %v", v, err)
			}
		}
		if v, err := c.Recv(ctx); v != 0 || err != ErrClosedChan {
			t.Errorf("Recv on drained = %d, %v", v, err)
		}
		return nil
	})
}

func TestChanRendezvous(t *testing.T) {
	rt := newRT(t, WithWorkers(1))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		c := NewChan[string](0)
		//lint:ignore taskleak on a failed Send the test fails, and Run joins r
		r := Spawn(ctx, func(ctx context.Context) (string, error) { return c.Recv(ctx) })
		if err := c.Send(ctx, "x"); err != nil {
			return err
		}
		if v, err := r.Await(ctx); v != "x" || err != nil {
			t.Errorf("got %q %v", v, err)
		}
		// Ping-pong with one slot.
		ping, pong := NewChan[int](0), NewChan[int](0)
		p := Spawn(ctx, func(ctx context.Context) (int, error) {
			for {
				v, err := ping.Recv(ctx)
				if err != nil {
					return v, nil
				}
				pong.Send(ctx, v+1)
			}
		})
		v := 0
		for i := 0; i < 100; i++ {
			ping.Send(ctx, v)
			v, _ = pong.Recv(ctx)
		}
		ping.Close()
		//lint:ignore awaiterr p only relays; v below checks what it did
		p.Await(ctx)
		if v != 100 {
			t.Errorf("v = %d", v)
		}
		// Close wakes waiting receivers and senders.
		c2 := NewChan[int](0)
		rs := Spawn(ctx, func(ctx context.Context) (int, error) { return c2.Recv(ctx) })
		ss := Spawn(ctx, func(ctx context.Context) (int, error) { return 0, NewChan[int](0).Send(ctx, 1) })
		ss.Cancel()
		Yield(ctx)
		c2.Close()
		if _, err := rs.Await(ctx); err != ErrClosedChan {
			t.Errorf("receiver = %v", err)
		}
		if _, err := ss.Await(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("sender = %v", err)
		}
		return nil
	})
}

// TestChanStress: producers and consumers, some cancelled; every value
// sent is received exactly once.
func TestChanStress(t *testing.T) {
	rt := newRT(t, WithWorkers(3))
	run(t, rt, 30*time.Second, func(ctx context.Context) error {
		for _, capacity := range []int{0, 1, 16} {
			c := NewChan[int](capacity)
			const producers, per = 8, 300
			var prod JoinSet[int]
			for p := 0; p < producers; p++ {
				prod.Spawn(ctx, func(ctx context.Context) (int, error) {
					sent := 0
					for i := 0; i < per; i++ {
						if err := c.Send(ctx, p*per+i); err != nil {
							return sent, err
						}
						sent++
					}
					return sent, nil
				})
			}
			var cons JoinSet[[]int]
			for k := 0; k < 5; k++ {
				//lint:ignore taskleak on a producer failure the test fails, and Run joins the consumers
				cons.Spawn(ctx, func(ctx context.Context) ([]int, error) {
					var got []int
					for {
						v, err := c.Recv(ctx)
						if err == ErrClosedChan {
							return got, nil
						}
						if err != nil {
							return got, err
						}
						got = append(got, v)
					}
				})
			}
			if _, err := prod.Wait(ctx); err != nil {
				return err
			}
			c.Close()
			all, err := cons.Wait(ctx)
			if err != nil {
				return err
			}
			seen := make([]int, producers*per)
			for _, g := range all {
				for _, v := range g {
					seen[v]++
				}
			}
			for v, n := range seen {
				if n != 1 {
					t.Fatalf("cap %d: value %d received %d times", capacity, v, n)
				}
			}
		}
		return nil
	})
}

// TestChanRendezvousOrder: waiters of a rendezvous Chan are served in the
// order they came, the first (kept out of the queues) and the next ones,
// whichever side waits.
func TestChanRendezvousOrder(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	run(t, rt, 10*time.Second, func(ctx context.Context) error {
		c := NewChan[int](0)
		var rs []*Task[int]
		for i := 0; i < 4; i++ {
			rs = append(rs, Spawn(ctx, func(ctx context.Context) (int, error) { return c.Recv(ctx) }))
			for rt.Stats().TasksSuspended < i+1 {
				Sleep(ctx, time.Millisecond)
			}
		}
		for i := 0; i < 4; i++ {
			if err := c.Send(ctx, i); err != nil {
				return err
			}
		}
		for i, r := range rs {
			if v, err := r.Await(ctx); v != i || err != nil {
				t.Errorf("receiver %d got %d, %v", i, v, err)
			}
		}
		var ss []*Task[int]
		for i := 0; i < 4; i++ {
			ss = append(ss, Spawn(ctx, func(ctx context.Context) (int, error) { return 0, c.Send(ctx, 10+i) }))
			for rt.Stats().TasksSuspended < i+1 {
				Sleep(ctx, time.Millisecond)
			}
		}
		for i := 0; i < 4; i++ {
			if v, err := c.Recv(ctx); v != 10+i || err != nil {
				t.Errorf("receive %d got %d, %v", i, v, err)
			}
		}
		for _, s := range ss {
			if _, err := s.Await(ctx); err != nil {
				t.Errorf("sender: %v", err)
			}
		}
		return nil
	})
}

// TestChanRendezvousGiveUp: senders and receivers on a rendezvous Chan,
// tasks and plain goroutines, give up at random moments; every send that
// succeeded is received exactly once, and nothing else is.
func TestChanRendezvousGiveUp(t *testing.T) {
	rt := newRT(t, WithWorkers(2))
	const n = 2000
	var sent, got [n]atomic.Int32
	run(t, rt, 30*time.Second, func(ctx context.Context) error {
		c := NewChan[int](0)
		var js JoinSet[int]
		var wg sync.WaitGroup
		send := func(ctx context.Context, i int) {
			wctx, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(200))*time.Microsecond)
			defer cancel()
			if c.Send(wctx, i) == nil {
				sent[i].Add(1)
			}
		}
		recv := func(ctx context.Context) {
			wctx, cancel := context.WithTimeout(ctx, time.Duration(rand.IntN(200))*time.Microsecond)
			defer cancel()
			if v, err := c.Recv(wctx); err == nil {
				got[v].Add(1)
			}
		}
		for i := 0; i < n; i++ {
			switch i % 4 {
			case 0:
				js.Spawn(ctx, func(ctx context.Context) (int, error) { send(ctx, i); return 0, nil })
			case 1:
				js.Spawn(ctx, func(ctx context.Context) (int, error) { recv(ctx); return 0, nil })
			case 2:
				wg.Add(1)
				go func() { defer wg.Done(); send(context.Background(), i) }()
			case 3:
				wg.Add(1)
				go func() { defer wg.Done(); recv(context.Background()) }()
			}
			if i%64 == 0 {
				Yield(ctx)
			}
		}
		if _, err := js.Wait(ctx); err != nil {
			return err
		}
		BlockInPlace(ctx, wg.Wait)
		return nil
	})
	total := 0
	for i := range sent {
		if s, g := sent[i].Load(), got[i].Load(); s != g {
			t.Errorf("value %d: sent %d times, received %d times", i, s, g)
		}
		total += int(sent[i].Load())
	}
	t.Logf("%d of %d sends went through", total, n/2)
}
