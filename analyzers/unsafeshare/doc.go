// Package unsafeshare defines an Analyzer that reports state shared
// between tasks or goroutines with no happens-before.
//
// # Analyzer unsafeshare
//
// unsafeshare: report state shared between tasks or goroutines with no happens-before
//
// TODO
package unsafeshare
