// Package graph holds the graph walks the passes share.
package graph

import "slices"

// Closure returns the nodes reached from roots by zero or more steps of
// next: roots included.
func Closure[T comparable](roots []T, next func(T) []T) map[T]bool {
	set := make(map[T]bool, len(roots))
	work := slices.Clone(roots)
	for _, r := range roots {
		set[r] = true
	}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		for _, y := range next(x) {
			if !set[y] {
				set[y] = true
				work = append(work, y)
			}
		}
	}
	return set
}
