// Package iter: a done channel per iteration, abandoned when the
// parent's select leaves by its stop case.
package iter

import "time"

type job struct{ id int }

// Runner runs jobs one at a time until stopped.
type Runner struct {
	stop chan struct{}
	run  func(job) error
}

func (r *Runner) RunAll(jobs []job) error {
	for _, j := range jobs {
		done := make(chan error)
		go r.exec(j, done)
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-r.stop:
			return nil
		}
	}
	return nil
}

func (r *Runner) exec(j job, done chan error) {
	done <- r.run(j) // want `send on done blocks forever once its receiver leaves`
}

// With room for the result, the sender never waits: silent.
func (r *Runner) RunAllBuffered(jobs []job) error {
	for _, j := range jobs {
		done := make(chan error, 1)
		go r.execBuffered(j, done)
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-r.stop:
			return nil
		}
	}
	return nil
}

func (r *Runner) execBuffered(j job, done chan error) {
	done <- r.run(j)
}

// A literal per iteration, left behind on a timeout.
func (r *Runner) RunTimed(jobs []job, d time.Duration) error {
	for _, j := range jobs {
		done := make(chan error)
		go func() {
			done <- r.run(j) // want `send on done blocks forever once its receiver leaves: the select at iter.go:\d+ stops receiving by its case <-time.After\(d\)`
		}()
		select {
		case err := <-done:
			if err != nil {
				return err
			}
		case <-time.After(d):
			return nil
		}
	}
	return nil
}
