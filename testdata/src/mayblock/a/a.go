package a

import "fixtures/mayblock/b"

func UsesRead() { // want UsesRead:`blocks: calls b.Read \(a.go:6\), which calls os.ReadFile \(b.go:10\)`
	b.Read()
}

func UsesGet(t *b.T) int { // want UsesGet:`blocks: calls \(\*b.T\).Get \(a.go:10\), which does a channel receive \(b.go:35\)`
	return t.Get()
}

func UsesDrain(ch chan string) int { // want UsesDrain:`blocks: calls b.Drain \(a.go:14\), which does a channel receive \(b.go:71\)`
	return b.Drain(ch)
}

func Clean(t *b.T) int {
	b.Background()
	b.TrySend(nil)
	b.Call(func() {})
	return t.Locked()
}
