package b

import "a"

func f() {
	a.Marked() // want "call to marked function Marked"

	a.Marked() //lint:ignore factcheck a trailing directive suppresses its own line

	//lint:ignore factcheck a directive on its own line suppresses the next line
	a.Marked()

	//lint:ignore factcheck only the next line, not the one after
	a.Plain()
	a.Marked() // want "call to marked function Marked"

	//lint:ignore othercheck names another check
	a.Marked() // want "call to marked function Marked"

	//lint:ignore factcheck
	a.Marked() // want "call to marked function Marked"

	//lint:ignore othercheck,factcheck a list of checks
	a.Marked()

	// lint:ignore factcheck a space after // makes it prose
	a.Marked() // want "call to marked function Marked"

	//lint:ignore factchecker a longer name is another check
	a.Marked() // want "call to marked function Marked"

	/*lint:ignore factcheck a block comment is not a directive */
	a.Marked() // want "call to marked function Marked"

	//lint:ignoreX factcheck not our command
	a.Marked() // want "call to marked function Marked"

	a.Plain()
}
