// Package suppressed has findings, all suppressed by reasoned directives.
package suppressed

// A has an unknown directive.
//
//lint:ignore directive this fixture's unknown directive is on purpose
//asynclint:unknownword
func A() {}
