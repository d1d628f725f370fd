//lint:file-ignore directive every finding in this file is on purpose

package suppressed

// C has an unknown directive.
//
//asynclint:other
func C() {}
