package methods

// A server whose quit channel nobody makes: Stop's close panics.
type jobServer struct {
	quit chan struct{}
	jobs chan int
}

func newJobServer() *jobServer {
	return &jobServer{jobs: make(chan int)}
}

func (s *jobServer) loop() {
	for {
		select {
		case j := <-s.jobs:
			_ = j
		case <-s.quit:
			return
		}
	}
}

func (s *jobServer) Start() { go s.loop() }

func (s *jobServer) Stop() {
	close(s.quit) // want `close of s.quit panics: nothing in the package sets the field quit, so the channel is nil in every value \(close of nil channel\); make it where the value is built`
}

// The channel made when the loop starts: silent.
type lazyServer struct {
	quit chan struct{}
}

func newLazyServer() *lazyServer { return &lazyServer{} }

func (s *lazyServer) Start() {
	s.quit = make(chan struct{})
	go func() { <-s.quit }()
}

func (s *lazyServer) Stop() { close(s.quit) }

// The channel made by a helper given its address: silent.
type handedServer struct {
	quit chan struct{}
}

func makeChan(p *chan struct{}) { *p = make(chan struct{}) }

func newHandedServer() *handedServer {
	s := &handedServer{}
	makeChan(&s.quit)
	return s
}

func (s *handedServer) Stop() { close(s.quit) }
