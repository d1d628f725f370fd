// Package posfmt holds the wording that messages share for places in a
// function: the checks name an exit the same way.
package posfmt

import (
	"go/ast"
	"go/token"
	"strings"
)

// Exit names the way a function is left at pos: "the end of the function"
// when pos is the closing brace of body (the function falls off its end:
// there is no return statement to point at), else "the return".
func Exit(pos token.Pos, body *ast.BlockStmt) string {
	if body != nil && pos == body.Rbrace {
		return "the end of the function"
	}
	return "the return"
}

// InTest reports whether pos is in a _test.go file.
func InTest(fset *token.FileSet, pos token.Pos) bool {
	return strings.HasSuffix(fset.Position(pos).Filename, "_test.go")
}
