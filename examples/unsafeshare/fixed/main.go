// Command fixed is examples/unsafeshare corrected: each goroutine counts
// into its own map, and the starter merges them after the join.
package main

import (
	"fmt"
	"strings"
	"sync"
)

func main() {
	docs := make([]string, 64)
	for i := range docs {
		docs[i] = strings.Repeat("go lint race map ", 2000)
	}
	var wg sync.WaitGroup
	partial := make([]map[string]int, len(docs))
	for i, d := range docs {
		wg.Go(func() {
			m := make(map[string]int)
			for _, w := range strings.Fields(d) {
				m[w]++
			}
			partial[i] = m
		})
	}
	wg.Wait()
	counts := make(map[string]int)
	for _, m := range partial {
		for w, n := range m {
			counts[w] += n
		}
	}
	fmt.Println("go:", counts["go"], "(128000 expected)")
}
