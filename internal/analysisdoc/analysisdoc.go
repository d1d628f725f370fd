// Package analysisdoc turns a check's doc.go into its Analyzer.Doc, so that
// `asynclint help CHECK`, `asynclint -explain CHECK`, SARIF rule descriptions
// and pkg.go.dev all show the same man page.
//
// A check's doc.go is its package doc comment, with one section per analyzer:
//
//	// Package blockingcall defines an Analyzer that ...
//	//
//	// # Analyzer blockingcall
//	//
//	// blockingcall: report blocking calls that hold an executor slot
//	//
//	// The full description, WRONG/RIGHT examples, false positives and
//	// how to suppress them ...
//	package blockingcall
//
// and the check embeds it:
//
//	//go:embed doc.go
//	var doc string
//
//	var Analyzer = &analysis.Analyzer{
//		Name: "blockingcall",
//		Doc:  analysisdoc.Extract(doc, "blockingcall"),
//		...
//	}
//
// It uses only go/parser and go/ast, like x/tools' internal helper of the same
// purpose, which is not importable.
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract is like [Parse] but panics on error. It is meant for package
// initialization, where a malformed doc.go is a programming error that every
// test of the check will show at once.
func Extract(content, name string) string {
	doc, err := Parse(content, name)
	if err != nil {
		panic(fmt.Sprintf("analysisdoc: %s: %v", name, err))
	}
	return doc
}

// Parse returns the section of the package doc comment of the Go source
// content that starts at the heading "# Analyzer NAME" and ends at the next
// "# Analyzer" heading or the end of the comment; other headings ("# False
// positives", "# Suppressing") stay in the section, so a man page can have
// sections of its own. The first line of the section must read
// "NAME: summary"; Parse returns the section without the "NAME: " prefix,
// which is the form Analyzer.Doc expects: a one-line summary, a blank line,
// then the full description.
func Parse(content, name string) (string, error) {
	if content == "" {
		return "", fmt.Errorf("empty Go source file")
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("not a Go source file: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("no package doc comment")
	}
	// CommentGroup.Text turns "// # Heading" into "# Heading" on its own line.
	heading := "# Analyzer " + name
	lines := strings.Split(f.Doc.Text(), "\n")
	start := -1
	for i, line := range lines {
		if strings.TrimRight(line, " \t\r") == heading {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return "", fmt.Errorf("package doc comment has no %q heading", heading)
	}
	end := len(lines)
	for i := start; i < len(lines); i++ {
		if strings.HasPrefix(lines[i], "# Analyzer ") {
			end = i
			break
		}
	}
	body := strings.TrimSpace(strings.Join(lines[start:end], "\n"))
	rest, ok := strings.CutPrefix(body, name+":")
	if !ok {
		return "", fmt.Errorf("%q heading is not followed by a %q line", heading, name+": summary")
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return "", fmt.Errorf("%q section has an empty summary", heading)
	}
	return rest, nil
}
