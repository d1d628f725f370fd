package pairs

// A bench runs its body on a goroutine of its own and waits for it to
// end: the call that starts the goroutine returns only once it has
// ended, so what the callers do after it (and what the body's own
// callback does on that goroutine) is not concurrent with it.
type bench struct {
	n       int
	elapsed int
	done    chan bool
	body    func(*bench)
}

func (b *bench) Stop() { b.elapsed += b.n }

func (b *bench) launch() {
	defer func() { b.done <- true }()
	for b.elapsed < 100 {
		b.n++
		b.body(b)
	}
}

func (b *bench) Run() {
	go b.launch()
	<-b.done
}

func runBench() int {
	b := &bench{done: make(chan bool), body: func(b *bench) { b.Stop() }}
	b.Run()
	b.Stop()
	return b.elapsed
}

// The same bench started without waiting: Stop after Start runs while
// launch reads elapsed.
type asyncBench struct {
	n       int
	elapsed int
	done    chan bool
}

func (b *asyncBench) Stop() {
	b.elapsed += b.n // want `b.elapsed is written here by the caller of Stop and read at joined.go:\d+ by the goroutine started at joined.go:\d+`
}

func (b *asyncBench) launch() {
	defer func() { b.done <- true }()
	for b.elapsed < 100 {
		b.n++ // want `b.n is written here by the goroutine started at joined.go:\d+ and read at joined.go:\d+ by the caller of Stop`
	}
}

func (b *asyncBench) Start() { go b.launch() }

func (b *asyncBench) Wait() { <-b.done }

func runAsyncBench() int {
	b := &asyncBench{done: make(chan bool)}
	b.Start()
	b.Stop()
	b.Wait()
	return b.elapsed
}
