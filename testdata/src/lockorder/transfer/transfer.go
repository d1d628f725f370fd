package transfer

import (
	"sync"

	"golang.org/x/sync/errgroup"
)

// A ledger moves money between accounts, locking the source, then the
// destination: Settle runs both directions at once.
type Account struct {
	mu      sync.Mutex
	id      int
	balance int
}

func Transfer(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `from.mu is locked at transfer.go:\d+ and to.mu at transfer.go:\d+: the same lock of two of transfer.Transfer's parameters, in the order of its arguments, and the package passes them both ways round \(Transfer\(a, b, 10\) at transfer.go:\d+, Transfer\(b, a, 5\) at transfer.go:\d+\), one on a goroutine of its own`
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func Settle(a, b *Account) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		Transfer(a, b, 10)
	}()
	go func() {
		defer wg.Done()
		Transfer(b, a, 5)
	}()
	wg.Wait()
}

// The same transfer that locks the lower ID first: both directions take
// the locks in one order.
func OrderedTransfer(from, to *Account, amount int) {
	first, second := from, to
	if second.id < first.id {
		first, second = second, first
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func SettleOrdered(a, b *Account) {
	go OrderedTransfer(a, b, 10)
	go OrderedTransfer(b, a, 5)
}

// Both directions, one after the other on one goroutine: never at once.
func Rebalance(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func SettleInTurn(a, b *Account) {
	Rebalance(a, b, 10)
	Rebalance(b, a, 5)
}

// A parent locked before its child, always that way round.
type TreeNode struct {
	mu       sync.Mutex
	children []*TreeNode
}

func Adopt(parent, child *TreeNode) {
	parent.mu.Lock()
	defer parent.mu.Unlock()
	child.mu.Lock()
	defer child.mu.Unlock()
	parent.children = append(parent.children, child)
}

func Grow(root, leaf *TreeNode) {
	go Adopt(root, leaf)
}

// The same, with the parameters themselves swapped into ID order.
func SwapTransfer(from, to *Account, amount int) {
	if to.id < from.id {
		from, to, amount = to, from, -amount
	}
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func SettleSwapped(a, b *Account) {
	go SwapTransfer(a, b, 10)
	go SwapTransfer(b, a, 5)
}

// The same transfer run both ways by an errgroup: its Go starts each on
// a goroutine of its own, as the model says.
func Swap(from, to *Account, amount int) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock() // want `from.mu is locked at transfer.go:\d+ and to.mu at transfer.go:\d+: the same lock of two of transfer.Swap's parameters, in the order of its arguments, and the package passes them both ways round \(Swap\(a, b, 1\) at transfer.go:\d+, Swap\(b, a, 1\) at transfer.go:\d+\)`
	defer to.mu.Unlock()
	from.balance -= amount
	to.balance += amount
}

func SwapBoth(a, b *Account) error {
	var g errgroup.Group
	g.Go(func() error { Swap(a, b, 1); return nil })
	g.Go(func() error { Swap(b, a, 1); return nil })
	return g.Wait()
}
