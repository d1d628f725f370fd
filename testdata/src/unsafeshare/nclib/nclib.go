// Package nclib declares a type not safe for concurrent use.
package nclib

// Parser keeps state between calls.
//
//asynclint:notconcurrent
type Parser struct{ pos int }

func (p *Parser) Next() int { p.pos++; return p.pos }
