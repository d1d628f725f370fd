package objects

import (
	"io"
	"net"
)

// Each framer has a buffer of its own, which the closure NewFramer makes
// grows: a server's framer, read by the connection's goroutine, and a
// client's, read by the caller, are two framers. Silent.
type Framer struct {
	r       io.Reader
	readBuf []byte
	getBuf  func(n int) []byte
}

func NewFramer(r io.Reader) *Framer {
	fr := &Framer{r: r}
	fr.getBuf = func(n int) []byte {
		if cap(fr.readBuf) >= n {
			return fr.readBuf[:n]
		}
		fr.readBuf = make([]byte, n)
		return fr.readBuf
	}
	return fr
}

func (fr *Framer) ReadFrame(n int) ([]byte, error) {
	buf := fr.getBuf(n)
	_, err := io.ReadFull(fr.r, buf)
	return buf, err
}

type serverConn struct {
	fr     *Framer
	frames chan []byte
}

func ServeFrames(c net.Conn) <-chan []byte {
	sc := &serverConn{fr: NewFramer(c), frames: make(chan []byte)}
	go sc.readFrames()
	return sc.frames
}

func (sc *serverConn) readFrames() {
	defer close(sc.frames)
	for {
		f, err := sc.fr.ReadFrame(9)
		if err != nil {
			return
		}
		sc.frames <- f
	}
}

// Dial reads the peer's first frame with a framer of its own.
func Dial(c net.Conn) ([]byte, error) {
	fr := NewFramer(c)
	return fr.ReadFrame(9)
}

// Loopback serves one end of a pipe and dials the other: the serving
// goroutine's framer and the dialer's are two.
func Loopback() ([]byte, error) {
	a, b := net.Pipe()
	frames := ServeFrames(a)
	first, err := Dial(b)
	if err != nil {
		return nil, err
	}
	<-frames
	return first, nil
}
