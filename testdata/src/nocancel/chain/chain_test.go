package chain

import (
	"context"
	"testing"
)

// A test that calls the package's functions with its own ctx in scope:
// the fix belongs to the package, not the test: silent.
func TestOpen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	x := &Index{store: &Store{}}
	if err := x.segments(); err != nil {
		t.Fatal(err)
	}
	if err := x.store.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = ctx
}
