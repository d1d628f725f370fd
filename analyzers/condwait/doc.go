// Package condwait defines an Analyzer that reports misuse of sync.Cond.
//
// # Analyzer condwait
//
// condwait: report sync.Cond waits not in a loop, without their lock, or that nothing signals
//
// TODO
package condwait
