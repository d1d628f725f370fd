// Package wgmisuse defines an Analyzer that reports misuse of
// sync.WaitGroup.
//
// # Analyzer wgmisuse
//
// wgmisuse: report WaitGroup misuse: Add in the goroutine, Done missed or doubled, Wait in the spawning loop or in a counted goroutine
//
// TODO
package wgmisuse
