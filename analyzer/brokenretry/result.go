package brokenretry

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Result lists the code that the check's fixes replace: the retry loops it
// rewrites, with the declarations only they used. What another check finds
// in there goes with the loop, so a fix of its own would overlap the
// loop's, and x/tools' merge would then make go fix apply nothing: the
// other checks offer no fix inside (see Replaces).
type Result struct {
	spans []span
}

type span struct{ pos, end token.Pos }

// record notes the replacements of a fix that was reported. Import edits
// are left out: they are whole lines that merge with any other's.
func (r *Result) record(file *ast.File, fix analysis.SuggestedFix) {
	for _, e := range fix.TextEdits {
		if e.End > e.Pos && !inImports(file, e.Pos) {
			r.spans = append(r.spans, span{e.Pos, e.End})
		}
	}
}

// Replaces reports whether an edit of fix falls inside code that a fix of
// this check replaces: a range that shares text with it, or an insertion
// strictly inside it. Nil replaces nothing.
func (r *Result) Replaces(fix analysis.SuggestedFix) bool {
	if r == nil {
		return false
	}
	for _, e := range fix.TextEdits {
		end := max(e.End, e.Pos)
		for _, s := range r.spans {
			if e.Pos < s.end && s.pos < end || e.Pos == end && s.pos < e.Pos && e.Pos < s.end {
				return true
			}
		}
	}
	return false
}

func inImports(file *ast.File, pos token.Pos) bool {
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Pos() <= pos && pos <= gd.End() {
			return true
		}
	}
	return false
}
