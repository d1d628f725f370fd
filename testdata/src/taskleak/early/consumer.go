package early

import (
	"context"
	"errors"

	"golang.org/x/sync/errgroup"
)

// A producer and a consumer, both started by Sum: the consumer stops at
// the first negative value, and the producer blocks on its next send.
func Sum(in []int) int {
	ch := make(chan int)
	res := make(chan int, 1)
	go func() {
		for _, v := range in {
			ch <- v // want `send on ch blocks forever once its receiver stops: the loop receiving at consumer.go:\d+ leaves by the return at line \d+ before the senders are done`
		}
		close(ch)
	}()
	go func() {
		total := 0
		for v := range ch {
			if v < 0 {
				res <- total
				return
			}
			total += v
		}
		res <- total
	}()
	return <-res
}

// The same on an errgroup: the group's Wait waits for a producer that
// never ends.
func Validate(ctx context.Context, in []int) error {
	g, _ := errgroup.WithContext(ctx)
	ch := make(chan int)
	g.Go(func() error {
		for _, v := range in {
			ch <- v // want `send on ch blocks forever once its receiver stops`
		}
		close(ch)
		return nil
	})
	g.Go(func() error {
		for v := range ch {
			if v < 0 {
				return errors.New("negative")
			}
		}
		return nil
	})
	return g.Wait()
}

// The consumer drains what is left before it leaves: the producer ends.
func SumDrained(in []int) int {
	ch := make(chan int)
	res := make(chan int, 1)
	go func() {
		for _, v := range in {
			ch <- v
		}
		close(ch)
	}()
	go func() {
		total := 0
		for v := range ch {
			total += v
		}
		res <- total
	}()
	return <-res
}

// Several consumers, started in a loop: another one may take the rest.
func SumShared(in []int, workers int) {
	ch := make(chan int)
	go func() {
		for _, v := range in {
			ch <- v
		}
		close(ch)
	}()
	for range workers {
		go func() {
			for v := range ch {
				if v < 0 {
					return
				}
			}
		}()
	}
}
