package fixedit

import (
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"strings"
)

// Source returns n formatted as gofmt would print it, for moving an
// expression (say, a call's ctx argument) into the text of a fix.
// fset must be the FileSet n was parsed with: the printer keeps the
// line breaks of the original, so an expression that was on one line
// stays on one line. Comments inside n are not printed.
// A multi-line result is indented as if n started in column 1.
func Source(fset *token.FileSet, n ast.Node) string {
	var buf strings.Builder
	if err := format.Node(&buf, fset, n); err != nil {
		// Only nodes the printer does not support get here.
		if e, ok := n.(ast.Expr); ok {
			return types.ExprString(e)
		}
		return ""
	}
	return buf.String()
}
