// Package chanclose defines an Analyzer that reports channels closed
// twice, sent on after close, or closed by their receiver while senders
// run.
//
// # Analyzer chanclose
//
// chanclose: report channels closed twice, sent on after close, or closed by the receiver while senders still run
//
// TODO
package chanclose
