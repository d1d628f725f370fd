// Command awaiterr shows the mistake the awaiterr check finds: the error
// of a join thrown away. The task panics; the runtime recovers the panic
// and hands it to whoever awaits the task, as an error. Dropping that
// error makes the crash vanish: the program goes on with a zero value.
//
//	go run ./examples/awaiterr
//	go run ./examples/awaiterr/fixed
//	go run ./cmd/asynclint ./examples/awaiterr/...
package main

import (
	"context"
	"fmt"

	"github.com/asynclint/asynclint/runtime"
)

// parsePort stands for a task with a bug: it indexes past the end.
func parsePort(ctx context.Context) (int, error) {
	fields := []int{8080}
	return fields[1], nil
}

func main() {
	rt := runtime.New()
	defer rt.Close()
	err := rt.Run(context.Background(), func(ctx context.Context) error {
		t := runtime.Spawn(ctx, parsePort)
		port, _ := t.Await(ctx) // the mistake: the panic comes back as this error
		fmt.Println("listening on port", port)
		return nil
	})
	fmt.Println("Run returned:", err)
	fmt.Println("=> the task crashed, and nothing said so: port 0 came from a panic nobody saw.")
}
