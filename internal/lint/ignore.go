package lint

import (
	"go/ast"
	"go/token"
	"strings"
)

// Directive is the suppression comment every driver honours, because the
// checks handle it themselves: `//oaiguard:ignore NAME[,NAME] reason`, where NAME is a check, a
// problem's category, CHECK/CATEGORY, or all.
const Directive = "//oaiguard:ignore"

// Ignores indexes the //oaiguard:ignore comments of one file by line.
type Ignores struct {
	tf    *token.File
	lines map[int][]string // line → check names ("" is malformed: ignored)
	spans []span
}

// span is a statement or declaration of several lines that a directive
// on its first line or the line above covers whole: a finding inside a
// multi-line request literal is at its field's line, not the
// statement's.
type span struct {
	from, to int // lines
	names    []string
}

// DirectiveAt is one //oaiguard:ignore comment and the names it gives.
type DirectiveAt struct {
	Pos, End token.Pos
	Names    []string // none when the comment names no check
}

// Directives returns the //oaiguard:ignore comments of f.
func Directives(fset *token.FileSet, f *ast.File) []DirectiveAt {
	var out []DirectiveAt
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			rest, ok := strings.CutPrefix(c.Text, Directive)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
				continue
			}
			d := DirectiveAt{Pos: c.Pos(), End: c.End()}
			if fields := strings.Fields(rest); len(fields) > 0 {
				for _, n := range strings.Split(fields[0], ",") {
					if n != "" {
						d.Names = append(d.Names, n)
					}
				}
			}
			out = append(out, d)
		}
	}
	return out
}

// NewIgnores scans the comments of f.
func NewIgnores(fset *token.FileSet, f *ast.File) *Ignores {
	ig := &Ignores{tf: fset.File(f.FileStart)}
	for _, d := range Directives(fset, f) {
		if len(d.Names) == 0 {
			continue // a name is required: a bare directive suppresses nothing
		}
		if ig.lines == nil {
			ig.lines = make(map[int][]string)
		}
		line := ig.tf.Line(d.Pos)
		ig.lines[line] = append(ig.lines[line], d.Names...)
	}
	if ig.lines != nil {
		ig.spans = spans(ig.tf, f, ig.lines)
	}
	return ig
}

// spans finds the statements and declarations of several lines with a
// directive on their first line or the line above (as golangci-lint's
// nolint covers its node). Only those without a block of their own: a
// directive above a loop or an if covers the loop's line (where
// brokenretry reports), not every call in its body; a function literal
// inside a covered statement (retry.Do(func() error {…})) is covered.
func spans(tf *token.File, f *ast.File, lines map[int][]string) []span {
	var out []span
	ast.Inspect(f, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.AssignStmt, *ast.ExprStmt, *ast.ReturnStmt, *ast.DeclStmt, *ast.GoStmt, *ast.DeferStmt, *ast.SendStmt, *ast.GenDecl, *ast.KeyValueExpr:
		case nil:
			return false
		default:
			return true
		}
		from, to := tf.Line(n.Pos()), tf.Line(n.End())
		if to == from {
			return true
		}
		names := append(append([]string(nil), lines[from]...), lines[from-1]...)
		if len(names) > 0 {
			out = append(out, span{from, to, names})
		}
		return true
	})
	return out
}

// Ignored reports whether a finding of check name at pos is suppressed by a
// directive on the same line or the line above, or on the first line of
// (or the line above) a statement or declaration of several lines that
// holds pos.
func (ig *Ignores) Ignored(name string, pos token.Pos) bool {
	if ig == nil || ig.lines == nil || !pos.IsValid() {
		return false
	}
	line := ig.tf.Line(pos)
	match := func(names []string) bool {
		for _, n := range names {
			if n == name || n == "all" {
				return true
			}
		}
		return false
	}
	if match(ig.lines[line]) || match(ig.lines[line-1]) {
		return true
	}
	for _, s := range ig.spans {
		if s.from <= line && line <= s.to && match(s.names) {
			return true
		}
	}
	return false
}
