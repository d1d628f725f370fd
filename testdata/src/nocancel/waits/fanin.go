package waits

import "context"

type offsets struct {
	broker int
	err    error
}

// A loader asks every broker at once and collects one result per
// goroutine it started, each of them, whatever ctx does: the brokers'
// sends are always taken. Not reported.
func loadAll(ctx context.Context, brokers []int) []offsets {
	results := make(chan offsets)
	for _, b := range brokers {
		go loadBroker(ctx, b, results)
	}
	var out []offsets
	for range brokers {
		out = append(out, <-results)
	}
	return out
}

func loadBroker(ctx context.Context, b int, results chan<- offsets) {
	if err := ctx.Err(); err != nil {
		results <- offsets{broker: b, err: err}
		return
	}
	results <- offsets{broker: b}
}

// The same loader that gives up when ctx is done: the brokers still
// sending then block forever.
func loadAllUntil(ctx context.Context, brokers []int) []offsets {
	results := make(chan offsets)
	for _, b := range brokers {
		go loadBrokerUntil(ctx, b, results)
	}
	var out []offsets
	for range brokers {
		select {
		case r := <-results:
			out = append(out, r)
		case <-ctx.Done():
			return out
		}
	}
	return out
}

func loadBrokerUntil(ctx context.Context, b int, results chan<- offsets) {
	results <- offsets{broker: b} // want `send on results, a channel the function was given, ignores ctx`
}
