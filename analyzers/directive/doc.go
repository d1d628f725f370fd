// Package directive defines the directive check, which reports
// asynclint directives that do not do what their author meant.
//
// # Analyzer directive
//
// directive: report malformed //lint:ignore directives and unknown //asynclint: directives
//
// A suppression directive that is malformed suppresses nothing, and an
// //asynclint: directive with a misspelt name is an ordinary comment: in
// both cases the code silently means something other than what its author
// wrote. The directive check reports:
//
//   - a //lint:ignore or //lint:file-ignore without a check name or without
//     a reason. The reason is required: it tells the next reader why the
//     finding is wrong, and a directive without one is not applied.
//   - a //lint:ignore or //lint:file-ignore that names a check asynclint
//     does not have (with a suggestion when the name is close to one).
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
// # False positives
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
