// Command fixed is examples/awaiterr with the mistake fixed: the error of
// Await is checked, so the task's panic surfaces, with its value.
package main

import (
	"context"
	"errors"
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
		port, err := t.Await(ctx)
		if err != nil {
			return fmt.Errorf("parse port: %w", err)
		}
		fmt.Println("listening on port", port)
		return nil
	})
	var p *runtime.PanicError
	if errors.As(err, &p) {
		fmt.Println("Run returned the task's panic:", p.Value)
		return
	}
	fmt.Println("Run returned:", err)
}
