package mixed

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// A lock-free hash table: each node publishes its buckets one by one
// with atomic pointer stores, and a goroutine that Grow starts
// initializes every bucket of the new node.
type tableBucket struct {
	mu   sync.Mutex
	keys []uint64
}

type tableNode struct {
	buckets []unsafe.Pointer // *tableBucket, each published atomically
	pred    unsafe.Pointer   // *tableNode, until every bucket is split
}

type Table struct {
	head unsafe.Pointer // *tableNode
}

func NewTable(size int) *Table {
	return &Table{head: unsafe.Pointer(&tableNode{buckets: make([]unsafe.Pointer, size)})}
}

func (n *tableNode) bucket(i int) *tableBucket {
	if b := (*tableBucket)(atomic.LoadPointer(&n.buckets[i])); b != nil {
		return b
	}
	b := &tableBucket{}
	if atomic.CompareAndSwapPointer(&n.buckets[i], nil, unsafe.Pointer(b)) {
		return b
	}
	return (*tableBucket)(atomic.LoadPointer(&n.buckets[i]))
}

// initBuckets ranges over the slice itself, whose header nothing
// changes once the node is made; its elements are only touched
// atomically. Silent.
func (n *tableNode) initBuckets() {
	for i := range n.buckets {
		n.bucket(i)
	}
	atomic.StorePointer(&n.pred, nil)
}

func (t *Table) Grow() {
	h := (*tableNode)(atomic.LoadPointer(&t.head))
	nh := &tableNode{buckets: make([]unsafe.Pointer, 2*len(h.buckets)), pred: unsafe.Pointer(h)}
	atomic.StorePointer(&t.head, unsafe.Pointer(nh))
	go nh.initBuckets()
}

// countReady reads the bucket pointers themselves without atomic
// loads, while initBuckets stores them.
func (n *tableNode) countReady(out chan<- int) {
	ready := 0
	for i := range n.buckets {
		if n.buckets[i] != nil { // want `an element of n.buckets is read here without sync/atomic, in a goroutine started at buckets.go:\d+, but accessed atomically at buckets.go:\d+`
			ready++
		}
	}
	out <- ready
}

// snapshot's range has a value variable: it loads every element.
func (n *tableNode) snapshot(out chan<- []*tableBucket) {
	var bs []*tableBucket
	for _, p := range n.buckets { // want `an element of n.buckets is read here without sync/atomic, in a goroutine started at buckets.go:\d+, but accessed atomically at buckets.go:\d+`
		bs = append(bs, (*tableBucket)(p))
	}
	out <- bs
}

func (t *Table) Ready() (<-chan int, <-chan []*tableBucket) {
	h := (*tableNode)(atomic.LoadPointer(&t.head))
	counts, snaps := make(chan int, 1), make(chan []*tableBucket, 1)
	go h.countReady(counts)
	go h.snapshot(snaps)
	return counts, snaps
}
