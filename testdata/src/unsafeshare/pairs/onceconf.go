package pairs

import (
	"os"
	"sync"
)

// A package configuration read once, by a named function run by
// sync.Once.Do: its writes, and the reads of its deferred report, are
// made by one goroutine, before any Do returns. Not reported.
type netConf struct {
	goResolver bool
	debugLevel int
}

var (
	confOnce sync.Once
	confVal  netConf
)

func initConf() {
	confVal.goResolver = os.Getenv("NETDNS") == "go"
	confVal.debugLevel = len(os.Getenv("NETDEBUG")) // want `pairs.confVal.debugLevel is written here by every goroutine started in the loop at onceconf.go:42 and read at onceconf.go:54 by the goroutine started at onceconf.go:53, with no lock in common`
	if confVal.debugLevel > 0 {
		defer func() {
			if confVal.debugLevel > 1 {
				println("resolver: go =", confVal.goResolver)
			}
		}()
	}
}

func systemConf() *netConf {
	confOnce.Do(initConf)
	return &confVal
}

func DialAll(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = systemConf().goResolver
		}()
	}
	wg.Wait()
}

// A reader that skips the Once reads what the first Do is writing.
func DialRaw() {
	go func() { _ = systemConf() }()
	go func() {
		_ = confVal.debugLevel
	}()
}
