//go:build !linux

package runtime

import "time"

func osTicks(d time.Duration) tickSource { return nil }
