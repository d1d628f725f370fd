package reach

import (
	"go/token"
	"slices"
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

func TestAddClasses(t *testing.T) {
	x := addClasses([]string{"a"}, []string{"a", "b"})
	if !slices.Equal(x, []string{"a", "b"}) {
		t.Errorf("addClasses = %v, want [a b]", x)
	}
	if x := addClasses(nil, nil); len(x) != 0 {
		t.Errorf("addClasses(nil, nil) = %v", x)
	}
}

func TestExtends(t *testing.T) {
	call := Step{Name: "f", Pos: "a.go:1"}
	var sub []Step
	for i := range MaxChain + 2 {
		sub = append(sub, Step{Name: "g", Pos: "b.go:" + string(rune('a'+i))})
		w := chainOf(call, sub)
		if !extends(w, sub) {
			t.Errorf("extends(chain of %d steps) = false", len(sub))
		}
		if len(sub) > 1 && extends(w, sub[1:]) {
			t.Errorf("extends(chain of %d steps, shorter) = true", len(sub))
		}
	}
}
