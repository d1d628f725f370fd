package a

import "sync"

// A bounded queue tells whoever made it which item it dropped, through
// a function given to its constructor. A help desk passes its own
// method, which asks the queue for its depth: the queue calls it holding
// its lock, and the desk's method locks the same queue again.

type dropFunc func(item string)

type ticketQueue struct {
	mu     sync.Mutex
	items  []string
	max    int
	onDrop dropFunc
}

func newTicketQueue(max int, onDrop dropFunc) *ticketQueue {
	return &ticketQueue{max: max, onDrop: onDrop}
}

func (q *ticketQueue) push(id string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = append(q.items, id)
	if len(q.items) > q.max {
		dropped := q.items[0]
		q.items = q.items[1:]
		q.onDrop(dropped) // want `q.mu is locked at ctorcb.go:24 and locked again at ctorcb.go:30 by calling q.onDrop, which calls the method value \(\*helpdesk\).ticketDropped passed to newTicketQueue at ctorcb.go:64, which calls h.queue.depth at ctorcb.go:72, which locks q.mu at ctorcb.go:50`
	}
}

// pushLater lets the lock go before it reports the drop: silent.
func (q *ticketQueue) pushLater(id string) {
	q.mu.Lock()
	q.items = append(q.items, id)
	var dropped []string
	for len(q.items) > q.max {
		dropped = append(dropped, q.items[0])
		q.items = q.items[1:]
	}
	q.mu.Unlock()
	for _, d := range dropped {
		q.onDrop(d)
	}
}

func (q *ticketQueue) depth() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

type helpdesk struct {
	mu      sync.Mutex
	queue   *ticketQueue
	dropped int
	depth   int
}

func newHelpdesk() *helpdesk {
	h := &helpdesk{}
	h.queue = newTicketQueue(8, h.ticketDropped)
	return h
}

func (h *helpdesk) ticketDropped(id string) {
	h.mu.Lock()
	h.dropped++
	h.mu.Unlock()
	h.depth = h.queue.depth()
}

// A switchboard replaces its queue when it is reset: the method value
// bound to it asks whatever queue it has then, not necessarily the one
// that called it. Silent.

type switchboard struct {
	lines *ticketQueue
	depth int
}

func newSwitchboard() *switchboard {
	s := &switchboard{}
	s.lines = newTicketQueue(4, s.lineDropped)
	return s
}

func (s *switchboard) reset() {
	s.lines = &ticketQueue{max: 4}
}

func (s *switchboard) lineDropped(id string) {
	s.depth = s.lines.depth()
}
