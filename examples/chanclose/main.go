// Command chanclose shows a mistake the chanclose check finds: a channel
// closed by its receiver while the goroutines sending on it still run.
// The function wants the first answer of three mirrors; it takes it and
// closes the channel, and the slower mirrors panic when they send.
//
//	go run ./examples/chanclose
//	go run ./examples/chanclose/fixed
//	go run ./cmd/asynclint ./examples/chanclose/...
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
func first(mirrors []int, panics chan<- any) string {
	answers := make(chan string)
	for _, m := range mirrors {
		go func() {
			defer func() {
				if r := recover(); r != nil {
					panics <- r
				}
			}()
			answers <- fetch(m)
		}()
	}
	a := <-answers
	close(answers) // the mistake: the other mirrors still send
	return a
}

func main() {
	panics := make(chan any, 3)
	fmt.Println("first:", first([]int{1, 2, 3}, panics))
	time.Sleep(200 * time.Millisecond) // the slower mirrors are done by now
	for len(panics) > 0 {
		fmt.Println("a mirror panicked:", <-panics)
	}
	fmt.Println("=> the receiver closed the channel while senders still ran (without the recover, the program dies).")
}
