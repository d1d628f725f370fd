package suppress

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/token"
	"slices"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// FormatFix returns fix with the text of its edits formatted as gofmt
// would format the code they leave.
//
// A check builds a fix by splicing text: "runtime.Sleep(ctx, " in place of
// "time.Sleep(" turns time.Sleep(50 * time.Millisecond), which gofmt
// leaves alone, into runtime.Sleep(ctx, 50 * time.Millisecond), which
// gofmt writes 50*time.Millisecond. So each edit is widened to the
// statement (or, outside functions, the declaration) that encloses it; the
// statement with the fix's edits applied is formatted on its own, indented
// as the statement is, and the edit becomes the part of it that changed.
//
// Edits that are already formatted, that no statement or declaration
// encloses, or whose result does not parse, are left as they are; so is a
// statement holding a raw string literal, whose lines gofmt does not
// indent. The fix's message is unchanged.
func FormatFix(pass *analysis.Pass, fix analysis.SuggestedFix) analysis.SuggestedFix {
	type unit struct {
		node  ast.Node
		file  *token.File
		edits []analysis.TextEdit
	}
	var units []*unit
	var keep []analysis.TextEdit // edits left as they are
	for _, e := range fix.TextEdits {
		node, tf := enclosing(pass, e)
		if node == nil {
			keep = append(keep, e)
			continue
		}
		i := slices.IndexFunc(units, func(u *unit) bool { return u.node == node })
		if i < 0 {
			units = append(units, &unit{node: node, file: tf})
			i = len(units) - 1
		}
		units[i].edits = append(units[i].edits, e)
	}
	// A unit inside another (two edits, one in a closure of the other's
	// statement) is formatted as part of the outer one.
	for _, u := range units {
		for _, v := range units {
			if u != v && v.edits != nil && u.edits != nil && v.node.Pos() <= u.node.Pos() && u.node.End() <= v.node.End() {
				v.edits = append(v.edits, u.edits...)
				u.edits = nil
			}
		}
	}
	changed := false
	out := keep
	for _, u := range units {
		if u.edits == nil {
			continue
		}
		if e, ok := formatUnit(pass, u.file, u.node, u.edits); ok {
			out = append(out, e)
			changed = true
		} else {
			out = append(out, u.edits...)
		}
	}
	if !changed {
		return fix
	}
	slices.SortStableFunc(out, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	return analysis.SuggestedFix{Message: fix.Message, TextEdits: out}
}

// enclosing returns the statement or declaration that the edit is in, and
// its file, or nil.
func enclosing(pass *analysis.Pass, e analysis.TextEdit) (ast.Node, *token.File) {
	if !e.Pos.IsValid() {
		return nil, nil
	}
	end := e.End
	if !end.IsValid() {
		end = e.Pos
	}
	var file *ast.File
	for _, f := range pass.Files {
		if f.FileStart <= e.Pos && end <= f.FileEnd {
			file = f
			break
		}
	}
	if file == nil {
		return nil, nil
	}
	path, _ := astutil.PathEnclosingInterval(file, e.Pos, end)
	for _, n := range path {
		switch n := n.(type) {
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			continue // not a statement on its own: its parent is
		case *ast.FuncDecl, *ast.GenDecl:
			return n, pass.Fset.File(n.Pos())
		case ast.Stmt:
			return n, pass.Fset.File(n.Pos())
		}
	}
	return nil, nil
}

// formatUnit applies edits to node's text, formats the result, and returns
// one edit from the original text to the formatted one; ok is false if the
// edits need no formatting or cannot be formatted.
func formatUnit(pass *analysis.Pass, tf *token.File, node ast.Node, edits []analysis.TextEdit) (analysis.TextEdit, bool) {
	src, err := pass.ReadFile(tf.Name())
	if err != nil || len(src) != tf.Size() {
		return analysis.TextEdit{}, false
	}
	start, end := tf.Offset(node.Pos()), tf.Offset(node.End())
	old := src[start:end]
	if bytes.IndexByte(old, '`') >= 0 {
		return analysis.TextEdit{}, false
	}
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b analysis.TextEdit) int { return int(a.Pos - b.Pos) })
	var text []byte
	at := start
	for _, e := range edits {
		eEnd := e.End
		if !eEnd.IsValid() {
			eEnd = e.Pos
		}
		p, q := tf.Offset(e.Pos), tf.Offset(eEnd)
		if p < at || q < p || q > end || bytes.IndexByte(e.NewText, '`') >= 0 {
			return analysis.TextEdit{}, false // overlapping, or outside the unit
		}
		text = append(append(text, src[at:p]...), e.NewText...)
		at = q
	}
	text = append(text, src[at:end]...)

	_, isDecl := node.(ast.Decl)
	formatted, ok := formatCode(text, isDecl, indentOf(src, start))
	if !ok || bytes.Equal(formatted, text) {
		return analysis.TextEdit{}, false
	}
	// The part that changed: trim what the old and new text share.
	p := 0
	for p < len(old) && p < len(formatted) && old[p] == formatted[p] {
		p++
	}
	for p > 0 && !utf8.RuneStart(old[p]) {
		p--
	}
	s := 0
	for s < len(old)-p && s < len(formatted)-p && old[len(old)-1-s] == formatted[len(formatted)-1-s] {
		s++
	}
	for s > 0 && !utf8.RuneStart(old[len(old)-s]) {
		s--
	}
	return analysis.TextEdit{
		Pos:     tf.Pos(start + p),
		End:     tf.Pos(end - s),
		NewText: bytes.Clone(formatted[p : len(formatted)-s]),
	}, true
}

// formatCode formats a statement (or a declaration) as gofmt would,
// indented by indent after its first line.
func formatCode(text []byte, isDecl bool, indent []byte) ([]byte, bool) {
	var head, tail string
	if isDecl {
		head, tail = "package p\n\n", "\n"
	} else {
		head, tail = "package p\n\nfunc _() {\n", "\n}\n"
	}
	out, err := format.Source([]byte(head + string(text) + tail))
	if err != nil || !bytes.HasPrefix(out, []byte(head)) || !bytes.HasSuffix(out, []byte(tail)) {
		return nil, false
	}
	out = out[len(head) : len(out)-len(tail)]
	lines := bytes.Split(out, []byte("\n"))
	for i, line := range lines {
		if !isDecl {
			if len(line) > 0 && line[0] != '\t' {
				return nil, false // not indented by the function: give up
			}
			line = bytes.TrimPrefix(line, []byte("\t"))
		}
		if i > 0 && len(line) > 0 {
			line = append(slices.Clip(indent), line...)
		}
		lines[i] = line
	}
	return bytes.Join(lines, []byte("\n")), true
}

// indentOf returns the blanks that start the line holding offset.
func indentOf(src []byte, offset int) []byte {
	lineStart := bytes.LastIndexByte(src[:offset], '\n') + 1
	i := lineStart
	for i < offset && (src[i] == '\t' || src[i] == ' ') {
		i++
	}
	return src[lineStart:i]
}
