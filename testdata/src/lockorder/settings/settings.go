// want package:`lock order settings.mu -> the callbacks of settings.Watch#0`

// Package settings keeps process-wide settings in package variables and
// runs the watchers registered with Watch while it holds mu.
package settings

import "sync"

var (
	mu       sync.Mutex
	values   = map[string]string{}
	watchers []func(key string)
	audit    func(key string)
)

func Watch(f func(key string)) {
	mu.Lock()
	defer mu.Unlock()
	watchers = append(watchers, f)
}

// SetAudit's function runs after the unlock: it makes no order.
func SetAudit(f func(key string)) {
	mu.Lock()
	audit = f
	mu.Unlock()
}

func Get(key string) string {
	mu.Lock()
	defer mu.Unlock()
	return values[key]
}

func Set(key, val string) {
	mu.Lock()
	values[key] = val
	for _, w := range watchers {
		w(key)
	}
	f := audit
	mu.Unlock()
	if f != nil {
		f(key)
	}
}
