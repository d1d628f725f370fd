// Package stale has a suppression directive that suppresses nothing.
package stale

// Wait blocks its caller.
//
//asynclint:blocking
func Wait() {}

// Poll is not a task: nothing blocks a worker slot here.
func Poll() {
	Wait() //lint:ignore blockingcall the finding this was written for is gone
}
