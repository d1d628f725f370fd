// Package directive defines the directive check, which reports
// asynclint directives that do not do what their author meant.
//
// # Analyzer directive
//
// directive: report malformed, unknown and stale //lint:ignore directives and unknown //asynclint: directives
//
// A suppression directive that is malformed suppresses nothing, and an
// //asynclint: directive with a misspelt name is an ordinary comment: in
// both cases the code silently means something other than what its author
// wrote. A suppression directive whose finding has gone (the code was
// fixed, or the check got better) silences nothing today, but will hide
// the next finding on its line. The directive check reports:
//
//   - a //lint:ignore or //lint:file-ignore without a check name or without
//     a reason. The reason is required: it tells the next reader why the
//     finding is wrong, and a directive without one is not applied.
//   - a //lint:ignore or //lint:file-ignore that names a check asynclint
//     does not have (with a suggestion when the name is close to one).
//   - a stale //lint:ignore: it names an asynclint check that reports
//     nothing on the directive's line or the next (for //lint:file-ignore,
//     nothing in the file). A suggested fix removes the directive; when
//     only some of the names it lists are stale, the message says which to
//     remove. As staticcheck does for its own directives.
//   - an //asynclint: directive that is not one the model knows
//     (//asynclint:blocking, //asynclint:suspends on functions,
//     //asynclint:notconcurrent on types).
//   - one of those directives, or a //lint:ignore naming an asynclint
//     check, written with a space after the slashes, which makes it prose;
//     a suggested fix removes the space.
//
// For example:
//
//	// WRONG
//	time.Sleep(d) //lint:ignore blockingcall
//	// "malformed //lint:ignore directive: missing reason (why is this finding wrong?)"
//
//	//lint:ignore blockingcal runs before the runtime starts
//	// "//lint:ignore names unknown check \"blockingcal\" (did you mean \"blockingcall\"?)"
//
//	//asynclint:block
//	// "unknown directive //asynclint:block (known: //asynclint:blocking, ...)"
//
//	// asynclint:blocking
//	// "// asynclint:blocking is not a directive: remove the space after //"
//
//	//lint:ignore blockingcall runs before the runtime starts
//	runtime.Sleep(ctx, d) // the finding is gone: the code was fixed
//	// "stale //lint:ignore: blockingcall reports nothing on this line or the next; remove the directive"
//
//	// RIGHT
//	time.Sleep(d) //lint:ignore blockingcall runs before the runtime starts
//
//	//asynclint:blocking
//
// The syntax of the suppression directives is staticcheck's:
//
//	//lint:ignore CHECK[,CHECK...] reason     this line, or the line after
//	//lint:file-ignore CHECK[,CHECK...] reason the whole file
//
// To find stale directives, the directive check runs after every other
// check of asynclint on the package (it requires them), even those turned
// off with -CHECK=false or golangci-lint's disable: their findings are not
// printed, but their directives are judged. Run with only some checks
// (-blockingcall), the directive check does not run; nor does it on a
// package that does not type-check (in an editor, while the file has a
// type error), since the checks it requires cannot.
//
// # False positives
//
// A directive is judged per build of its package. go vet and gopls check a
// package twice, without and with its _test.go files; a finding in a
// non-test file that only the build with tests has (lockorder's cycle
// through a test's locking, say) makes its directive stale in the other
// build. Such a directive needs a second name: //lint:ignore
// lockorder,directive reason.
//
// The same //lint:ignore comments serve staticcheck, whose check names
// (SA1019, ST1000, ...) look different from asynclint's lower-case names.
// Names of that shape are left alone, and so is a directive that names only
// such checks: staticcheck reports its own malformed directives. A
// lower-case name that is not an asynclint check is reported; if another
// tool of yours uses //lint:ignore with such names, silence this check for
// the file with
//
//	//lint:file-ignore directive names checks of another linter
//
// or run asynclint with -directive=false.
package directive
