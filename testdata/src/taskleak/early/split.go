package early

// A fetch per id, each on a goroutine of its own, that reports its error
// on errc and its value on res: the first error returns, and the
// fetches still running block on res for good. That one goroutine sent
// on errc says nothing of the others.
func fetchEach(ids []int, fetch func(int) (int, error)) ([]int, error) {
	errc := make(chan error)
	res := make(chan int)
	for _, id := range ids {
		go func() {
			v, err := fetch(id)
			if err != nil {
				errc <- err
				return
			}
			res <- v // want `send on res blocks forever once its receiver leaves: the select at split.go:\d+ stops receiving by its case <-errc \(line \d+\)`
		}()
	}
	var out []int
	for range ids {
		select {
		case err := <-errc:
			return nil, err
		case v := <-res:
			out = append(out, v)
		}
	}
	return out, nil
}

// The same with room for every value: each goroutine finds room and
// ends, whoever stopped receiving.
func fetchEachBuffered(ids []int, fetch func(int) (int, error)) ([]int, error) {
	errc := make(chan error, len(ids))
	res := make(chan int, len(ids))
	for _, id := range ids {
		go func() {
			v, err := fetch(id)
			if err != nil {
				errc <- err
				return
			}
			res <- v
		}()
	}
	var out []int
	for range ids {
		select {
		case err := <-errc:
			return nil, err
		case v := <-res:
			out = append(out, v)
		}
	}
	return out, nil
}

// One fetch on one goroutine: when its error is taken, it sends nothing
// else, and nothing is left behind.
func fetchOne(id int, fetch func(int) (int, error)) (int, error) {
	errc := make(chan error)
	res := make(chan int)
	go func() {
		v, err := fetch(id)
		if err != nil {
			errc <- err
			return
		}
		res <- v
	}()
	select {
	case err := <-errc:
		return 0, err
	case v := <-res:
		return v, nil
	}
}
