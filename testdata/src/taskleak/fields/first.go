package fields

import "context"

// watchKeys returns a channel its goroutine sends every key on, then
// closes.
func watchKeys(keys []string) <-chan string {
	out := make(chan string)
	go func() {
		for _, k := range keys {
			out <- k
		}
		close(out)
	}()
	return out
}

// firstKey takes one key and drops the channel: with two keys or more
// the goroutine blocks on its second send forever.
func firstKey(keys []string) string {
	return <-watchKeys(keys) // want `the channel watchKeys returns is received from once: the goroutine it starts at first.go:9 sends in a loop at first.go:11: once this receive has its value, a later send blocks forever; drain the channel, or give the goroutine a way to stop`
}

// allKeys drains it: silent.
func allKeys(keys []string) []string {
	var out []string
	for k := range watchKeys(keys) {
		out = append(out, k)
	}
	return out
}

// oneAnswer's goroutine sends once: one receive takes it.
func oneAnswer(f func() int) int {
	return <-spawn(f)
}

// watchStop's goroutine stops when told: silent.
func watchStop(keys []string, stop <-chan struct{}) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, k := range keys {
			select {
			case out <- k:
			case <-stop:
				return
			}
		}
	}()
	return out
}

func firstOrStop(keys []string, stop chan struct{}) string {
	k := <-watchStop(keys, stop)
	close(stop)
	return k
}

// A hub answers each subscriber once, on its own channel: the loop's
// sends are on different channels.
type hub struct {
	subs []chan<- int
}

func (h *hub) subscribe() <-chan int {
	ch := make(chan int, 1)
	h.subs = append(h.subs, ch)
	go h.publish(7)
	return ch
}

func (h *hub) publish(v int) {
	for _, ch := range h.subs {
		ch <- v
	}
}

func (h *hub) one() int {
	return <-h.subscribe()
}

// evalLoop runs the thunks it is sent until its context ends.
type evalLoop struct {
	eval chan func()
}

func startEvalLoop(ctx context.Context) *evalLoop {
	l := &evalLoop{eval: make(chan func())}
	go l.run(ctx)
	return l
}

func (l *evalLoop) run(ctx context.Context) {
	for {
		select {
		case f := <-l.eval:
			f()
		case <-ctx.Done():
			return
		}
	}
}

// do blocks forever once the loop's context has ended.
func (l *evalLoop) do(f func()) {
	l.eval <- f // want `send on evalLoop.eval blocks forever once its receiver leaves`
}
