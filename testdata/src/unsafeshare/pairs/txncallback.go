package pairs

import "sync"

// A callback's parameter is what the function that runs it passes: each
// Update makes a transaction of its own and hands it to fn, so the
// workers that call Update from a loop each write their own. Silent.
type Txn struct {
	db      *KV
	count   int
	pending map[string]string
	dups    []string
}

func (t *Txn) Set(k, v string) error {
	if _, ok := t.pending[k]; ok {
		t.dups = append(t.dups, k)
	}
	t.pending[k] = v
	t.count++
	return nil
}

type KV struct {
	mu   sync.Mutex
	data map[string]string
}

func (db *KV) newTxn() *Txn { return &Txn{db: db, pending: map[string]string{}} }

// Update runs fn on a new transaction and commits it.
func (db *KV) Update(fn func(*Txn) error) error {
	txn := db.newTxn()
	if err := fn(txn); err != nil {
		return err
	}
	db.mu.Lock()
	defer db.mu.Unlock()
	for k, v := range txn.pending {
		db.data[k] = v
	}
	return nil
}

func LoadAll(db *KV, keys []string) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(keys))
	for _, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- db.Update(func(txn *Txn) error {
				return txn.Set(k, k)
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
