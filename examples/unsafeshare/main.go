// Command unsafeshare shows the mistake the unsafeshare check finds: a
// variable written by every goroutine of a loop, with nothing ordering
// the writes. Each goroutine counts the words of one document into the
// same map; concurrent map writes make the Go runtime abort the program
// (or, with luck, lose counts).
//
//	go run ./examples/unsafeshare
//	go run ./examples/unsafeshare/fixed
//	go run ./cmd/asynclint ./examples/unsafeshare/...
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
	counts := make(map[string]int)
	for _, d := range docs {
		wg.Go(func() {
			for _, w := range strings.Fields(d) {
				counts[w]++ // the mistake: every goroutine writes the same map
			}
		})
	}
	wg.Wait()
	fmt.Println("go:", counts["go"], "(128000 expected)")
	fmt.Println("=> if you read this, the race only lost counts; usually the runtime aborts with \"concurrent map writes\".")
}
