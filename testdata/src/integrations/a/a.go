// Package a is the fixture of the editor and golangci-lint integrations
// (scripts/golangci.sh, scripts/gopls.sh, docs/integrations.md): blocking
// calls in tasks that every driver reports (one whose fix gofmt must
// rewrite), one silenced by the directive of golangci-lint (only there) and
// one by asynclint's own (in every driver), a stale directive that the
// directive check reports in every driver, and a generated file in which
// no driver reports anything. The scripts find these lines by their
// comments. Everything else here is correct code, silent under every
// check. No comment line may start with the word that golangci-lint takes
// as its directive.
package a

import (
	"context"
	"time"

	"fixtures/integrations/helper"

	"github.com/asynclint/asynclint/runtime"
)

func direct(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		time.Sleep(time.Millisecond) // want `blocking call inside task: time.Sleep holds the worker slot`
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

func crossPackage(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		helper.Pause() // want `blocking call inside task: helper.Pause`
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

// Silent under golangci-lint only: //nolint is golangci-lint's directive.
func nolint(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		time.Sleep(time.Millisecond) //nolint:asynclint // want `blocking call inside task`
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

// Silent in every driver: //lint:ignore is asynclint's own directive.
func lintIgnore(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		//lint:ignore blockingcall a fixture of suppression
		time.Sleep(time.Millisecond)
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

// Silent: the runtime's Sleep suspends and gives the slot back.
func suspends(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		return 0, runtime.Sleep(ctx, time.Millisecond)
	})
	_, err := t.Await(ctx)
	return err
}

// A fix whose text gofmt rewrites: 50 * time.Millisecond, alone in
// time.Sleep's call, is 50*time.Millisecond in runtime.Sleep(ctx, ...).
func formatted(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		time.Sleep(50 * time.Millisecond) // want `blocking call inside task: time.Sleep holds the worker slot`
		return 0, nil
	})
	_, err := t.Await(ctx)
	return err
}

// A stale directive: the call was fixed and the directive stayed. The
// directive check reports it (this fixture's test runs blockingcall alone).
func stale(ctx context.Context) error {
	t := runtime.Spawn(ctx, func(ctx context.Context) (int, error) {
		//lint:ignore blockingcall stale: the call below no longer blocks
		return 0, runtime.Sleep(ctx, time.Millisecond)
	})
	_, err := t.Await(ctx)
	return err
}
