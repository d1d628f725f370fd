// Package nc shares values not safe for concurrent use.
package nc

import (
	"context"
	"math/rand"
	"net/http"
	"strings"
	"sync"

	"fixtures/unsafeshare/nclib"

	"github.com/asynclint/asynclint/runtime"
)

// WRONG: one *rand.Rand used by every task.
func Shuffle(ctx context.Context, r *rand.Rand, n int) {
	var js runtime.JoinSet[int]
	for range n {
		js.Spawn(ctx, func(ctx context.Context) (int, error) {
			return r.Intn(10), nil // want `r \(\*math/rand.Rand, not safe for concurrent use\) is written here by every task started in the loop`
		})
	}
	_, _ = js.Wait(ctx)
}

// RIGHT: the package-level functions are safe.
func ShuffleGlobal(ctx context.Context, n int) {
	var js runtime.JoinSet[int]
	for range n {
		js.Spawn(ctx, func(ctx context.Context) (int, error) {
			return rand.Intn(10), nil
		})
	}
	_, _ = js.Wait(ctx)
}

// WRONG: a type annotated in another package.
func Parse(p *nclib.Parser) {
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			p.Next() // want `p \(nclib.Parser, not safe for concurrent use\) is written here by every goroutine`
		})
	}
	wg.Wait()
}

// RIGHT: a strings.Builder per goroutine.
func Build(parts []string) []string {
	out := make([]string, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Go(func() {
			var b strings.Builder
			b.WriteString(p)
			out[i] = b.String()
		})
	}
	wg.Wait()
	return out
}

// WRONG: a shared strings.Builder.
func BuildShared(parts []string) string {
	var b strings.Builder
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Go(func() {
			b.WriteString(p) // want `b \(strings.Builder, not safe for concurrent use\) is written here by every goroutine`
		})
	}
	wg.Wait()
	return b.String()
}

// RIGHT: methods of a map type (http.Header.Get) are not known to write.
func Headers(h http.Header) string {
	done := make(chan string)
	go func() { done <- h.Get("a") }()
	v := h.Get("b")
	return v + <-done
}
