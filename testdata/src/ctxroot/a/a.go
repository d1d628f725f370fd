package a

import (
	"context"
	"time"
)

func work(ctx context.Context) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
		return nil
	}
}

func Direct() error { // want Direct:"roots context: calls work with context.Background.. .a.go:18."
	return work(context.Background())
}

func Todo() { // want Todo:"roots context: calls work with context.TODO"
	_ = work(context.TODO())
}

func Through() { // want Through:"roots context: calls Direct .a.go:26., which calls work with context.Background"
	_ = Direct()
}

func InPlace() { // want InPlace:"roots context: calls the func literal"
	func() { _ = work(context.Background()) }()
}

// Silent: a deadline of its own, a goroutine, a callback stored for
// later, a root stored first, a ctx parameter.
func Bounded() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = work(ctx)
}

func Goroutine() { go work(context.Background()) }

var hook func()

func Stored() { hook = func() { _ = work(context.Background()) } }

func Variable() {
	ctx := context.Background()
	_ = work(ctx)
}

func Param(ctx context.Context) { _ = work(context.Background()) }

func ParamThrough(ctx context.Context) { Direct() }

func quick(ctx context.Context) bool { return ctx.Value("k") != nil }

// Silent: quick has nothing a ctx could cancel.
func Quick() bool { return quick(context.Background()) }
