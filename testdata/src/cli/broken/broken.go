// Package broken does not type-check.
package broken

var X int = "not an int"

//asynclint:inbroken
func F() {}
