// Command fixed is examples/chanclose corrected: the receiver does not
// close the channel; it has room for every answer, so the slower mirrors
// send into the buffer and end, and the channel is collected.
package main

import (
	"fmt"
	"time"
)

// fetch stands for a request to a mirror; mirror i answers after i*20ms.
func fetch(i int) string {
	time.Sleep(time.Duration(i) * 20 * time.Millisecond)
	return fmt.Sprintf("answer from mirror %d", i)
}

// first returns the first answer of the mirrors.
func first(mirrors []int) string {
	answers := make(chan string, len(mirrors))
	for _, m := range mirrors {
		go func() {
			answers <- fetch(m)
		}()
	}
	return <-answers
}

func main() {
	fmt.Println("first:", first([]int{1, 2, 3}))
	time.Sleep(200 * time.Millisecond)
	fmt.Println("no mirror panicked")
}
