// Package polls holds status polls: a loop that calls a ctx-taking
// endpoint every time round and returns its error observes ctx through
// it (once ctx is done the call fails), so a short constant sleep
// between polls is silent. The same loops are reported when the call's
// error does not leave the loop, when the call is not given ctx, or when
// the sleep is long.
package polls

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"
)

type MigrationStatus struct {
	State string
	Err   string
}

type Client struct {
	addr string
}

// StatusWithContext asks the server how a migration is going; it fails
// with ctx.Err() once ctx is done.
func (c *Client) StatusWithContext(ctx context.Context, id string) (*MigrationStatus, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &MigrationStatus{State: "running"}, nil
}

// Status asks without a context.
func (c *Client) Status(id string) (*MigrationStatus, error) {
	return &MigrationStatus{State: "running"}, nil
}

// PingWithContext checks the server is up.
func (c *Client) PingWithContext(ctx context.Context) error { return ctx.Err() }

// WaitMigration polls until the migration ends: the status call fails
// once ctx is done, and its error returns. Silent.
func (c *Client) WaitMigration(ctx context.Context, id string) error {
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil {
			return err
		}
		switch st.State {
		case "success":
			return nil
		case "failure":
			return fmt.Errorf("migration %s failed: %s", id, st.Err)
		}
		time.Sleep(1 * time.Second)
	}
}

// WaitMigrationTimeout gives each status call its own deadline, derived
// from ctx: the call still fails once ctx is done. Silent.
func (c *Client) WaitMigrationTimeout(ctx context.Context, id string) (*MigrationStatus, error) {
	for {
		rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		st, err := c.StatusWithContext(rctx, id)
		cancel()
		if err != nil {
			return nil, fmt.Errorf("status of %s: %w", id, err)
		}
		if st.State != "running" {
			return st, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
}

// WaitUp pings until the server answers, breaking out on an error: the
// ping fails once ctx is done. Silent.
func (c *Client) WaitUp(ctx context.Context) (up bool) {
	for !up {
		if err := c.PingWithContext(ctx); err != nil {
			log.Printf("%s: %v", c.addr, err)
			break
		}
		up = true
		time.Sleep(200 * time.Millisecond)
	}
	return up
}

// WaitReady bounds the whole wait with a deadline of its own, derived
// from ctx, and checks the error in the if that makes the call. Silent.
func (c *Client) WaitReady(ctx context.Context, id string, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for {
		if _, err := c.StatusWithContext(ctx, id); err != nil {
			return err
		}
		if err := c.PingWithContext(ctx); err == nil {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// WaitPaced paces its polls with a receive from time.After, the same
// sleep. Silent.
func (c *Client) WaitPaced(ctx context.Context, id string) error {
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil {
			return err
		}
		if st.State != "running" {
			return nil
		}
		<-time.After(100 * time.Millisecond)
	}
}

// renew extends a lease; it fails once ctx is done.
func renew(ctx context.Context, lease string) error { return ctx.Err() }

// KeepLease renews until renewing fails. Silent.
func KeepLease(ctx context.Context, lease string) {
	for {
		if renew(ctx, lease) != nil {
			return
		}
		time.Sleep(time.Second)
	}
}

// KeepLeaseLoose renews, but goes on when renewing fails.
func KeepLeaseLoose(ctx context.Context, lease string) {
	for {
		if renew(ctx, lease) != nil {
			log.Printf("renew %s failed", lease)
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationLogged ignores the status call's error: once ctx is done
// it fails every time round and the loop goes on sleeping.
func (c *Client) WaitMigrationLogged(ctx context.Context, id string) {
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil {
			log.Printf("status of %s: %v", id, err)
			time.Sleep(time.Second) // want `time.Sleep ignores ctx`
			continue
		}
		if st.State != "running" {
			return
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationBlind drops the status call's error altogether.
func (c *Client) WaitMigrationBlind(ctx context.Context, id string) {
	for {
		st, _ := c.StatusWithContext(ctx, id)
		if st != nil && st.State != "running" {
			return
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationNoCtx returns the status call's error, but the call is
// not given ctx: nothing fails when ctx is done.
func (c *Client) WaitMigrationNoCtx(ctx context.Context, id string) error {
	for {
		st, err := c.Status(id)
		if err != nil {
			return err
		}
		if st.State != "running" {
			return nil
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationDetached gives the call a context that outlives ctx:
// WithoutCancel is not done when ctx is.
func (c *Client) WaitMigrationDetached(ctx context.Context, id string) error {
	dctx := context.WithoutCancel(ctx)
	for {
		st, err := c.StatusWithContext(dctx, id)
		if err != nil {
			return err
		}
		if st.State != "running" {
			return nil
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

var errRetry = errors.New("retry")

// WaitMigrationRetry leaves on an error only when it is not a retry:
// whether ctx's error is one is not in view.
func (c *Client) WaitMigrationRetry(ctx context.Context, id string, retryable func(error) bool) error {
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil && !retryable(err) {
			return err
		}
		if st != nil && st.State != "running" {
			return nil
		}
		time.Sleep(time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationSlow polls every ten seconds: cancellation waits up to
// ten seconds, too long.
func (c *Client) WaitMigrationSlow(ctx context.Context, id string) error {
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil {
			return err
		}
		if st.State != "running" {
			return nil
		}
		time.Sleep(10 * time.Second) // want `time.Sleep ignores ctx`
	}
}

// WaitMigrationBackoff sleeps for a computed, growing interval.
func (c *Client) WaitMigrationBackoff(ctx context.Context, id string) error {
	d := 100 * time.Millisecond
	for {
		st, err := c.StatusWithContext(ctx, id)
		if err != nil {
			return err
		}
		if st.State != "running" {
			return nil
		}
		time.Sleep(d) // want `time.Sleep ignores ctx`
		d *= 2
	}
}

// WatchMigration checks the error in a switch, where break leaves the
// switch, not the loop: once ctx is done it keeps spinning.
func (c *Client) WatchMigration(ctx context.Context, id string, report func(*MigrationStatus)) {
	for {
		st, err := c.StatusWithContext(ctx, id)
		switch {
		case err != nil:
			log.Printf("status of %s: %v", id, err)
		case st.State == "running":
			if err := c.PingWithContext(ctx); err != nil {
				break
			}
			time.Sleep(time.Second) // want `time.Sleep ignores ctx`
		default:
			report(st)
		}
	}
}
