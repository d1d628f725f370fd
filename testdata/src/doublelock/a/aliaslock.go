package a

import "sync"

// A list walk keeps the node it holds under a second name. Locking the
// node again by that name locks the same mutex twice; releasing it by
// either name releases it.
type listNode struct {
	mu   sync.Mutex
	next *listNode
	val  int
}

// bumpPair adds to a node and to the node after it; for the last node
// it takes the node itself as its pair, already locked.
func bumpPair(n *listNode) {
	n.mu.Lock()
	defer n.mu.Unlock()
	pair := n.next
	if pair == nil {
		pair = n
	}
	n.val++
	cur := n
	cur.mu.Lock() // want `n.mu is locked at aliaslock.go:\d+ and locked again at aliaslock.go:\d+; sync.Mutex is not reentrant`
	cur.val++
	cur.mu.Unlock()
}

// handOver moves along the list: the node it leaves is unlocked by the
// name it was kept under before the next one is taken.
func handOver(n *listNode) int {
	n.mu.Lock()
	sum := 0
	for n != nil {
		sum += n.val
		prev := n
		n = n.next
		prev.mu.Unlock()
		if n != nil {
			n.mu.Lock()
		}
	}
	return sum
}
