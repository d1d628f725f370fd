package use

// Hooked calls its hook on every event.
type Hooked struct {
	hook func(int)
}

func (h *Hooked) Fire(i int) { h.hook(i) }
