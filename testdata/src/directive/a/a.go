// Package a holds directives, right and wrong, for the directive check.
package a

import "time"

func suppressions(d time.Duration) {
	// want +1 "malformed //lint:ignore directive: missing reason \\(why is this finding wrong\\?\\)"
	time.Sleep(d) //lint:ignore blockingcall

	// want +1 `malformed //lint:file-ignore directive: missing reason`
	//lint:file-ignore blockingcall

	// want +1 `malformed //lint:ignore directive: missing check name \(want //lint:ignore CHECK reason\)`
	//lint:ignore

	// want +1 `//lint:ignore names unknown check "blockingcal" \(did you mean "blockingcall"\?\)`
	//lint:ignore blockingcal runs before the runtime starts
	time.Sleep(d)

	// want +1 `//lint:ignore names unknown check "nosuchcheck" \(known: blockingcall, directive, lockawait\)`
	//lint:ignore nosuchcheck,blockingcall a list with one unknown name
	time.Sleep(d)

	// Right: well-formed, known checks.
	time.Sleep(d) //lint:ignore blockingcall runs before the runtime starts
	//lint:ignore blockingcall,lockawait two known checks
	time.Sleep(d)
	//lint:file-ignore lockawait a reason

	// Right: staticcheck's directives are staticcheck's business,
	// including its malformed ones.
	//lint:ignore SA1019 still needed for Go 1.20
	//lint:ignore SA1019
	//lint:ignore sa1019,ST1000 case-folded names
	//lint:ignore SA* a pattern

	// Right: other //lint: commands and prose.
	//lint:sometimes blockingcall not a command of ours
	// The //lint:ignore directive needs a reason.
	// lint:ignore is how staticcheck spells it.
	// lint:ignore SA1019 prose, or staticcheck's business.
	/*lint:ignore blockingcall block comments are not directives*/
	//nolint:blockingcall golangci-lint's directive
}

// want +1 `unknown directive //asynclint:block \(known: //asynclint:blocking, //asynclint:notconcurrent, //asynclint:suspends\)`
//asynclint:block
func wrongWord() {}

// want +1 `unknown directive //asynclint: \(known:`
//asynclint:
func emptyWord() {}

// want +1 `// asynclint:blocking is not a directive: remove the space after //`
// asynclint:blocking
func spaced() {}

// want +1 `// lint:ignore is not a directive: remove the space after //`
// lint:ignore blockingcall reason here
func spacedIgnore() {}

// Right: the known directives, with and without arguments.
//
//asynclint:blocking
//asynclint:suspends
//asynclint:suspends reason or argument text
func right() {}

// Right: prose that mentions asynclint.
// asynclint: the tool that reads this comment.
// asynclint:blockingcall is a check, not a directive.
// See //asynclint:blocking in the docs (not at the start: not a directive).
func prose() {}
