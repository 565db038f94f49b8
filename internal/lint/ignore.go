package lint

import (
	"go/ast"
	"go/token"
	"strings"
)

// Directive is the suppression comment every driver honours, because the
// checks handle it themselves: `//oaiguard:ignore NAME[,NAME] reason`.
const Directive = "//oaiguard:ignore"

// Ignores indexes the //oaiguard:ignore comments of one file by line.
type Ignores struct {
	tf    *token.File
	lines map[int][]string // line → check names ("" is malformed: ignored)
}

// NewIgnores scans the comments of f.
func NewIgnores(fset *token.FileSet, f *ast.File) *Ignores {
	ig := &Ignores{tf: fset.File(f.FileStart)}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			rest, ok := strings.CutPrefix(c.Text, Directive)
			if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
				continue
			}
			fields := strings.Fields(rest)
			if len(fields) == 0 {
				continue // a name is required: a bare directive suppresses nothing
			}
			if ig.lines == nil {
				ig.lines = make(map[int][]string)
			}
			line := ig.tf.Line(c.Pos())
			ig.lines[line] = append(ig.lines[line], strings.Split(fields[0], ",")...)
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
