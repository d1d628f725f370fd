package b

import "fixtures/ctxroot/a"

func Far() { // want Far:"roots context: calls a.Through .b.go:6., which calls Direct .a.go:26., which calls work"
	a.Through()
}
