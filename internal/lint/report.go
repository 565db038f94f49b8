package lint

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Reporter filters a check's diagnostics the same way in every driver:
// generated files are skipped, and //oaiguard:ignore is honoured.
type Reporter struct {
	pass    *analysis.Pass
	name    string
	ignores map[*ast.File]*Ignores
	outer   Replacer
}

// Replacer is another check whose fixes replace whole stretches of code
// (brokenretry's loop rewrites): a fix that edits inside one would overlap
// it, and no driver merges overlapping fixes.
type Replacer interface {
	Replaces(analysis.SuggestedFix) bool
}

// YieldTo makes Report drop the fixes that r's fixes replace: the outer fix
// carries the change, and the diagnostic keeps its advice.
func (r *Reporter) YieldTo(outer Replacer) { r.outer = outer }

// NewReporter returns a Reporter for the check name.
func NewReporter(pass *analysis.Pass, name string) *Reporter {
	return &Reporter{pass: pass, name: name, ignores: map[*ast.File]*Ignores{}}
}

// Checked reports whether findings in file are wanted at all: not in
// generated code, which users cannot fix, and not in tests unless asked.
func (r *Reporter) Checked(file *ast.File, tests bool) bool {
	if ast.IsGenerated(file) {
		return false
	}
	if !tests && strings.HasSuffix(r.pass.Fset.File(file.FileStart).Name(), "_test.go") {
		return false
	}
	return true
}

// Report reports d unless a directive in file suppresses it, and says
// whether it did.
func (r *Reporter) Report(file *ast.File, d analysis.Diagnostic) bool {
	ig, ok := r.ignores[file]
	if !ok {
		ig = NewIgnores(r.pass.Fset, file)
		r.ignores[file] = ig
	}
	if ig.Ignored(r.name, d.Pos) {
		return false
	}
	if r.outer != nil && len(d.SuggestedFixes) > 0 && r.outer.Replaces(d.SuggestedFixes[0]) {
		d.SuggestedFixes = nil
	}
	r.pass.Report(d)
	return true
}

// Line returns the line of pos, for messages that point elsewhere.
func Line(fset *token.FileSet, pos token.Pos) int { return fset.Position(pos).Line }
