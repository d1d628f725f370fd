// Package dep breaks the chain one package away.
package dep

import (
	"context"
	"time"
)

func fetch(ctx context.Context, key string) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	case <-time.After(time.Second):
		return key, nil
	}
}

// Get runs fetch under a root context: its callers' ctx cannot stop it.
func Get(key string) (string, error) {
	return fetch(context.Background(), key)
}

// GetContext is Get's ctx variant.
func GetContext(ctx context.Context, key string) (string, error) { return fetch(ctx, key) }

// Load reaches the root through Get.
func Load(key string) string {
	v, _ := Get(key)
	return v
}

// Close gives itself a deadline of its own: chosen on purpose, not a
// broken chain.
func Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := fetch(ctx, "close")
	return err
}

// Start runs fetch on a goroutine of its own, which may outlive any
// caller on purpose.
func Start() {
	go fetch(context.Background(), "bg")
}

// With takes a ctx: the chain is whole up to it.
func With(ctx context.Context) (string, error) {
	return fetch(ctx, "with")
}
