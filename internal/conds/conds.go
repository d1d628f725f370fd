// Package conds takes apart the conditions of if statements: the
// conjuncts of a && b, and comparisons negated or read from the other
// side.
package conds

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// Conjuncts splits a && b && c into its operands.
func Conjuncts(e ast.Expr) []ast.Expr {
	if b, ok := astutil.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LAND {
		return append(Conjuncts(b.X), Conjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// Disjuncts splits a || b || c into its operands.
func Disjuncts(e ast.Expr) []ast.Expr {
	if b, ok := astutil.Unparen(e).(*ast.BinaryExpr); ok && b.Op == token.LOR {
		return append(Disjuncts(b.X), Disjuncts(b.Y)...)
	}
	return []ast.Expr{e}
}

// Mirror returns the comparison op with its operands swapped: y op' x
// when x op y.
func Mirror(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// Negate returns the comparison that holds when op does not.
func Negate(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return op
}
