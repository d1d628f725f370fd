package fmtfix

import (
	"context"
	"time"
)

func sleep(d time.Duration)                       {}
func wait(ctx context.Context, d time.Duration)   {}
func pair(a, b int)                               {}
func use(ctx context.Context, f func(), d ...any) {}

func f(ctx context.Context) {
	sleep(50 * time.Millisecond) // want "sleep"
	if true {
		sleep(2 * time.Second) // want "sleep"
	}
	use(ctx, func() {
		sleep(3 * time.Second) // want "sleep"
	}, 1+2)
	sleep(time.Second) // want "sleep"
}
