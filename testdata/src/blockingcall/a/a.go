package a

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"fixtures/blockingcall/helper"

	"github.com/asynclint/asynclint/runtime"
)

// Sleeping in a task holds the worker slot.
func sleepInTask(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		time.Sleep(10 * time.Millisecond) // want `blocking call inside task: time.Sleep holds the worker slot; use runtime.Sleep\(ctx, d\)`
		return 1, nil
	})
	_, _ = t.Await(ctx)
}

// The same with the runtime's Sleep: silent.
func suspendInTask(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		if err := runtime.Sleep(ctx, 10*time.Millisecond); err != nil {
			return 0, err
		}
		return 1, nil
	})
	_, _ = t.Await(ctx)
}

// A chain through another package names every link.
func crossPackage(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) ([]byte, error) {
		return helper.Load() // want `blocking call inside task: helper.Load calls readConfig \(helper.go:15\), which calls os.ReadFile \(helper.go:19\); use runtime.SpawnBlocking or runtime.BlockInPlace`
	})
	_, _ = t.Await(ctx)
}

// A chain through local functions.
func localChain(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (string, error) {
		return fetch("http://example.com") // want `blocking call inside task: fetch calls get \(a.go:\d+\), which calls http.Get \(a.go:\d+\)`
	})
	_, _ = t.Await(ctx)
}

func fetch(url string) (string, error) { return get(url) }

func get(url string) (string, error) {
	resp, err := http.Get(url)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	return resp.Status, nil
}

// A named function as the task body: reported inside it.
func work(ctx context.Context) (int, error) {
	b, err := os.ReadFile("data") // want `blocking call inside task: os.ReadFile holds the worker slot`
	return len(b), err
}

func namedBody(ctx context.Context) {
	t := runtime.Spawn(ctx, work)
	_, _ = t.Await(ctx)
}

// A method value as the task body.
type server struct{ ln net.Listener }

func (s *server) accept(ctx context.Context) (net.Conn, error) {
	return s.ln.Accept() // want `blocking call inside task: \(net.Listener\).Accept holds the worker slot`
}

func methodBody(ctx context.Context, s *server) {
	t := runtime.Spawn(ctx, s.accept)
	_, _ = t.Await(ctx)
}

// A body from another package is reported at the spawn.
func foreignBody(ctx context.Context) {
	t := runtime.Spawn(ctx, helper.Work) // want `blocking call inside task: the task body helper.Work calls time.Sleep \(helper.go:24\)`
	_, _ = t.Await(ctx)
	u := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, helper.Nap(ctx)
	})
	_, _ = u.Await(ctx)
}

// Raw channel operations hold the slot.
func rawChannels(ctx context.Context, in chan int, out chan int) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		v := <-in // want `blocking operation inside task: a channel receive holds the worker slot`
		out <- v  // want `blocking operation inside task: a channel send holds the worker slot`
		for x := range in { // want `blocking operation inside task: a channel receive holds the worker slot`
			v += x
		}
		return v, nil
	})
	_, _ = t.Await(ctx)
}

// A select that also waits on ctx.Done() is cancellable, but it still
// holds the worker slot while it waits: reported.
func selectDone(ctx context.Context, in chan int) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		select { // want `blocking operation inside task: a select \(waiting on ctx.Done\(\) does not give the worker slot back\) holds the worker slot`
		case v := <-in:
			return v, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	})
	_, _ = t.Await(ctx)
}

// A select with a default case never waits: silent.
func selectDefault(ctx context.Context, in chan int) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		select {
		case v := <-in:
			return v, nil
		default:
			return 0, nil
		}
	})
	_, _ = t.Await(ctx)
}

// The runtime's channel suspends: silent.
func runtimeChan(ctx context.Context, ch *runtime.Chan[int]) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return ch.Recv(ctx)
	})
	_, _ = t.Await(ctx)
}

// WaitGroup.Wait in a task, in a join set, and in Run.
func waits(ctx context.Context, rt *runtime.Runtime) error {
	var js runtime.JoinSet[int]
	js.Spawn(ctx, func(ctx context.Context) (int, error) {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Millisecond) // a plain goroutine, not a task: silent
		}()
		wg.Wait() // want `blocking call inside task: \(\*sync.WaitGroup\).Wait holds the worker slot; use runtime.JoinSet or Task.Await`
		return 0, nil
	})
	if _, err := js.Wait(ctx); err != nil {
		return err
	}
	return rt.Run(ctx, func(ctx context.Context) error {
		_, err := http.Get("http://example.com") // want `blocking call inside task: http.Get holds the worker slot`
		return err
	})
}

// Work moved off the executor: silent.
func offloaded(ctx context.Context) {
	t := runtime.SpawnBlocking(ctx, func(ctx context.Context) ([]byte, error) {
		time.Sleep(time.Millisecond)
		return os.ReadFile("data")
	})
	_, _ = t.Await(ctx)
	u := runtime.Spawn(ctx, func(ctx context.Context) ([]byte, error) {
		var b []byte
		var err error
		runtime.BlockInPlace(ctx, func() {
			b, err = os.ReadFile("data")
		})
		return b, err
	})
	_, _ = u.Await(ctx)
}

// Code never run as a task may block: silent.
func plain() {
	time.Sleep(time.Millisecond)
	_, _ = os.ReadFile("data")
}

// A sync.Mutex in a task is lockawait's business, not a blocking call.
var mu sync.Mutex

func shortCritical(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return helper.Pure(2), nil
	})
	_, _ = t.Await(ctx)
}

// Directives: the user's word for what the analysis cannot see.
func directives(ctx context.Context, ch chan int) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		helper.CgoRead() // want `blocking call inside task: helper.CgoRead holds the worker slot`
		return helper.Poll(ctx, ch) + helper.WaitRaw(ch), nil
	})
	_, _ = t.Await(ctx)
}

// A closure called in the task runs in the task.
func closureCall(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		pause := func() { time.Sleep(time.Millisecond) }
		pause() // want `blocking call inside task: the func literal calls time.Sleep \(a.go:\d+\)`
		return 0, nil
	})
	_, _ = t.Await(ctx)
}

// A function value of unknown origin is assumed not to block.
func unknownCallee(ctx context.Context, f func()) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		f()
		return 0, nil
	})
	_, _ = t.Await(ctx)
}

// A timeout's body is a task too.
func timeout(ctx context.Context) {
	_, _ = runtime.Timeout(ctx, time.Second, func(ctx context.Context) (int, error) {
		time.Sleep(time.Millisecond) // want `blocking call inside task: time.Sleep holds the worker slot`
		return 0, nil
	})
}

// A closure variable assigned twice is not known for sure: silent.
func reassigned(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		pause := func() { time.Sleep(time.Millisecond) }
		pause = func() {}
		pause()
		return 0, nil
	})
	_, _ = t.Await(ctx)
}

// A generic function as the body.
func produce[T any](ctx context.Context) (T, error) {
	var zero T
	_, err := os.ReadFile("data") // want `blocking call inside task: os.ReadFile holds the worker slot`
	return zero, err
}

func genericBody(ctx context.Context) {
	t := runtime.Spawn(ctx, produce[string])
	_, _ = t.Await(ctx)
}

// A task inside a task: each body is its own.
func nested(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		u := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
			return 0, runtime.Yield(ctx)
		})
		return u.Await(ctx)
	})
	_, _ = t.Await(ctx)
}

// The standard library is what the model says it is: the internals of
// fmt.Errorf (reflect, the Go runtime's collector) are not searched for
// waits. Silent.
func stdInternals(ctx context.Context) {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, fmt.Errorf("wrap: %w", ctx.Err())
	})
	_, _ = t.Await(ctx)
}

// The runtime's import name is shadowed at the sleep: reported, with no
// fix that would name the local variable.
func shadowedRuntime(rt *runtime.Runtime) error {
	return rt.Run(context.Background(), func(ctx context.Context) error {
		runtime := "local"
		_ = runtime
		time.Sleep(time.Millisecond) // want `blocking call inside task: time.Sleep holds the worker slot`
		return nil
	})
}
