// Command ticker publishes a counter until interrupted.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"time"
)

type publisher struct {
	send func(ctx context.Context, s string) error
}

// A program's own short pacing: silent.
func (p *publisher) run(ctx context.Context) {
	for i := 0; ; i++ {
		time.Sleep(500 * time.Millisecond)
		if err := p.send(ctx, fmt.Sprint(i)); err != nil {
			fmt.Println("send:", err)
		}
	}
}

// A long wait is still reported in a program: an interrupt waits for it.
func (p *publisher) settle(ctx context.Context) (int, error) {
	time.Sleep(30 * time.Second) // want `time.Sleep ignores ctx`
	return 0, p.send(ctx, "settled")
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	p := &publisher{send: func(ctx context.Context, s string) error { return ctx.Err() }}
	go p.run(ctx)
	if _, err := p.settle(ctx); err != nil {
		fmt.Println(err)
	}
	<-ctx.Done()
}
