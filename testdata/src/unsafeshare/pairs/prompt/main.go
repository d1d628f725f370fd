// Command prompt serves and prompts, sharing err with its server.
package main

import (
	"bufio"
	"net/http"
	"os"
)

// The server goroutine assigns the err its starter keeps using: one
// variable shared by two goroutines, reported once, not at every use.
func main() {
	addr := os.Args[1]
	var err error
	go func() {
		if err = http.ListenAndServe(addr, nil); err != nil { // want `err is written by the goroutine started at main.go:15 and`
			panic(err)
		}
	}()
	r := bufio.NewReader(os.Stdin)
	if _, err = r.ReadBytes('\n'); err != nil {
		panic(err)
	}
	if _, err = r.ReadBytes('\n'); err != nil {
		panic(err)
	}
	if _, err = os.Stat(addr); err != nil {
		panic(err)
	}
}
