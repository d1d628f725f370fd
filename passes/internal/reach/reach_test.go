package reach

import (
	"go/token"
	"testing"
)

func TestDescribe(t *testing.T) {
	w := &Witness{Chain: []Step{
		{Name: "(*T).flush", Pos: "a.go:3"},
		{Name: "a channel send", Pos: "a.go:9"},
	}}
	if got, want := w.Describe(), "calls (*T).flush (a.go:3), which does a channel send (a.go:9)"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
}

func TestPosString(t *testing.T) {
	fset := token.NewFileSet()
	f := fset.AddFile("/src/p/a.go", -1, 100)
	f.SetLines([]int{0, 10, 20})
	if got := PosString(fset, f.Pos(15)); got != "a.go:2" {
		t.Errorf("PosString = %q, want a.go:2", got)
	}
	if got := PosString(fset, token.NoPos); got != "?" {
		t.Errorf("PosString(NoPos) = %q, want ?", got)
	}
}

func TestAddWakers(t *testing.T) {
	x := &Witness{Wakers: []string{"a"}}
	if !addWakers(x, &Witness{Wakers: []string{"a", "b"}}) {
		t.Error("addWakers: b not added")
	}
	if addWakers(x, &Witness{Wakers: []string{"b"}}) {
		t.Error("addWakers: grew on a known waker")
	}
	if !addWakers(x, &Witness{Always: true}) || !x.Always {
		t.Error("addWakers: Always not carried")
	}
}
