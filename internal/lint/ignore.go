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
		for _, n := range d.Names {
			// CHECK/CATEGORY, as SARIF rule IDs spell a problem
			// (brokenretry/stacked), is the category: categories are
			// unique across checks, and the directive check holds that
			// the category is CHECK's.
			if _, cat, ok := strings.Cut(n, "/"); ok {
				n = cat
			}
			ig.lines[line] = append(ig.lines[line], n)
		}
	}
	return ig
}

// Ignored reports whether a finding of check name at pos is suppressed by a
// directive on the same line or the line above.
func (ig *Ignores) Ignored(name string, pos token.Pos) bool {
	if ig == nil || ig.lines == nil || !pos.IsValid() {
		return false
	}
	line := ig.tf.Line(pos)
	for _, l := range []int{line, line - 1} {
		for _, n := range ig.lines[l] {
			if n == name || n == "all" {
				return true
			}
		}
	}
	return false
}
