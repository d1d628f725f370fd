package c

import "a"

func f() {
	a.Marked()
}

//lint:file-ignore factcheck this file wraps a on purpose
