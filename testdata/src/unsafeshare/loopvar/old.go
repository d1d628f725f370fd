//go:build go1.21

// Package loopvar holds goroutines that read a loop's variable in a file
// whose Go version (go1.21 here) makes it one variable for all
// iterations.
package loopvar

import "sync"

type shard struct{ name string }

func warm(int) {}

func name(*string) {}

// WRONG: i is one variable; the loop increments it.
func WarmAll(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() { // want `the goroutine started here reads i, which the loop writes again at old.go:\d+ for its next iteration`
			defer wg.Done()
			warm(i)
		}()
	}
	wg.Wait()
}

// WRONG: the address of a field of the range variable.
func Names(shards []shard) {
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func(p *string) { // want `the goroutine started here reads s \(through &s.name\), which the loop writes again`
			defer wg.Done()
			name(p)
		}(&s.name)
	}
	wg.Wait()
}

// RIGHT: passed by value.
func WarmArg(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			warm(i)
		}(i)
	}
	wg.Wait()
}

// RIGHT: copied in the loop.
func WarmCopy(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		i := i
		wg.Add(1)
		go func() {
			defer wg.Done()
			warm(i)
		}()
	}
	wg.Wait()
}

// RIGHT: joined in each iteration.
func WarmInTurn(n int) {
	for i := 0; i < n; i++ {
		done := make(chan struct{})
		go func() {
			warm(i)
			close(done)
		}()
		<-done
	}
}
