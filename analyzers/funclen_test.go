package analyzers_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// maxFuncLines is the longest a function of passes/ and analyzers/ may
// be, counted from its func keyword to its closing brace: a longer one
// is split into named helpers, as golang.org/x/tools/go/analysis/passes
// does.
const maxFuncLines = 80

// longFuncsAllowed are the functions still longer than maxFuncLines, by
// file and name. Each entry is removed when its function is split; none
// is to be added.
var longFuncsAllowed = map[string]bool{}

// TestFuncLength parses every non-test Go file of passes/ and analyzers/
// (testdata left out) and lists each function, declared or literal,
// longer than maxFuncLines that longFuncsAllowed does not name (a
// literal is named by the declaration it is in).
func TestFuncLength(t *testing.T) {
	fset := token.NewFileSet()
	seen := make(map[string]bool)
	for _, dir := range []string{"../analyzers", "../passes"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			rel := filepath.ToSlash(strings.TrimPrefix(path, "../"))
			for _, long := range longFuncs(fset, f) {
				key := rel + " " + long.decl
				seen[key] = true
				if !longFuncsAllowed[key] {
					t.Errorf("%s:%d: %s is %d lines long, more than %d: split it into named helpers", rel, long.line, long.name, long.lines, maxFuncLines)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// An entry whose function was split is only noted, not failed: the
	// split and the removal of the entry may land separately.
	for key := range longFuncsAllowed {
		if !seen[key] {
			t.Logf("%s is no longer over %d lines: remove it from longFuncsAllowed", key, maxFuncLines)
		}
	}
}

// A longFunc is a function longer than maxFuncLines.
type longFunc struct {
	decl  string // the name of the declaration it is, or is in
	name  string // for messages
	line  int
	lines int
}

func longFuncs(fset *token.FileSet, f *ast.File) []longFunc {
	var out []longFunc
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		ast.Inspect(fd, func(n ast.Node) bool {
			name := fd.Name.Name
			switch n.(type) {
			case *ast.FuncDecl:
			case *ast.FuncLit:
				name = fmt.Sprintf("the func literal in %s", fd.Name.Name)
			default:
				return true
			}
			from, to := fset.Position(n.Pos()).Line, fset.Position(n.End()).Line
			if lines := to - from + 1; lines > maxFuncLines {
				out = append(out, longFunc{decl: fd.Name.Name, name: name, line: from, lines: lines})
			}
			return true
		})
	}
	return out
}
