package pairs

import "sync"

// Calls made from a group, each storing its error at its own index (the
// three-clause loop's variable is a new one in each iteration). Silent.
type fanout struct {
	call func() error
}

func (f *fanout) Run(n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			errs[i] = f.call()
		})
	}
	wg.Wait()
	return errs
}

// WRONG: every call writes the last slot.
func (f *fanout) RunLast(n int) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {
			errs[n-1] = f.call() // want `errs`
		})
	}
	wg.Wait()
	return errs
}

// Each batch fills the slots its own indices name: the batches partition
// the slots, and each goroutine's batch is its iteration's. Silent.
type slotBatch struct {
	indices []int
	values  []string
}

func fillSlots(batches []slotBatch, n int) []string {
	out := make([]string, n)
	var wg sync.WaitGroup
	for _, b := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, v := range b.values {
				out[b.indices[j]] = v
			}
		}()
	}
	wg.Wait()
	return out
}
