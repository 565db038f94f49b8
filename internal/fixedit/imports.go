// Package fixedit computes text edits for analysis.SuggestedFixes.
//
// The edits are meant to be correct when applied raw: gopls and nogo
// apply a fix's edits without running gofmt, so the edits themselves
// must leave the file gofmt-clean, with an added import sorted into
// place. They are also deterministic: go vet -fix merges the fixes of
// different diagnostics with a 3-way merge, and golangci-lint and nogo
// drop exact duplicates, so two diagnostics in one file that need the
// same import must produce byte-identical edits.
package fixedit

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	pathpkg "path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// AddImport returns the name by which code at pos can refer to the
// package with the given import path, and the edits, if any, that add
// the import to file.
//
// If file already imports path under a name other than "_" or "." and
// that name is not shadowed at pos, AddImport returns it and no edits.
// Otherwise it adds an import named preferredName (the last element of
// path if empty), or preferredName2, preferredName3, ... if that name
// is declared in the universe, package or file scope or in any scope
// within file. Unlike a lookup from pos, that choice is the same for
// every pos in the file, so every fix in the file adds the identical
// import and the fixes merge. The import is a renaming one
// (name "path") only if the name differs from the last element of path,
// which is assumed to be the package's name (as for oaiguard runtimes).
//
// The edits are pure insertions that are gofmt-clean when applied to
// a gofmt-clean file; importEdit explains where they go.
//
// info must record Scopes, Defs and Implicits, as analysis.Pass.TypesInfo
// does; AddImport panics if file has no scope.
// AddImport does not modify its arguments.
func AddImport(info *types.Info, file *ast.File, path, preferredName string, pos token.Pos) (name string, edits []analysis.TextEdit) {
	fileScope := info.Scopes[file]
	if fileScope == nil {
		panic("fixedit.AddImport: no types.Info.Scopes entry for file")
	}
	scope := fileScope
	if s := fileScope.Innermost(pos); s != nil {
		scope = s
	}

	// Reuse an existing import that is visible at pos.
	for _, spec := range file.Imports {
		pkgName := info.PkgNameOf(spec)
		if pkgName == nil || importPath(spec) != path {
			continue
		}
		if n := pkgName.Name(); n != "_" && n != "." {
			if _, obj := scope.LookupParent(n, pos); obj == pkgName {
				return n, nil
			}
		}
	}

	if preferredName == "" {
		preferredName = pathpkg.Base(path)
	}
	name = preferredName
	for i := 2; declared(fileScope, name); i++ {
		name = fmt.Sprintf("%s%d", preferredName, i)
	}
	specName := "" // as in the ImportSpec
	if name != pathpkg.Base(path) {
		specName = name
	}
	return name, []analysis.TextEdit{importEdit(file, specName, path)}
}

// declared reports whether name is declared in fileScope, its parents
// (package, universe), or any scope nested within it.
func declared(fileScope *types.Scope, name string) bool {
	if _, obj := fileScope.LookupParent(name, token.NoPos); obj != nil {
		return true
	}
	var within func(*types.Scope) bool
	within = func(s *types.Scope) bool {
		for child := range s.Children() {
			if child.Lookup(name) != nil || within(child) {
				return true
			}
		}
		return false
	}
	return within(fileScope)
}

// importEdit returns a pure insertion that adds the import spec
// `name "path"` (`"path"` if name is empty) to file's imports. The AST
// carries no line numbers, so the edit is placed relative to tokens:
// "before X" inserts at the start of X's first line (its doc comment)
// and "after X" at the end of X's last line (its trailing comment),
// which keeps comments with their specs and does not depend on where
// blank lines are.
//
//   - If file has an import group other than a lone `import "C"`, spec
//     goes into the first such group, in sorted position among the specs
//     of its class (standard library or not). If the group has no spec of
//     that class, spec starts a new blank-line-separated group: first if
//     it is standard, last if not.
//   - Otherwise, if file has ungrouped imports other than "C", a new
//     `import spec` line goes among them in the same way.
//   - Otherwise (no imports, or only cgo's `import "C"`, whose preamble
//     must stay attached), a new declaration goes before the first
//     non-import declaration, i.e. after the package clause and any
//     existing imports.
func importEdit(file *ast.File, name, path string) analysis.TextEdit {
	spec := strconv.Quote(path)
	if name != "" {
		spec = name + " " + spec
	}
	var (
		group      *ast.GenDecl
		singles    []*ast.ImportSpec
		singleDecl = make(map[*ast.ImportSpec]*ast.GenDecl)
		lastImport *ast.GenDecl
		firstOther ast.Decl
	)
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			firstOther = d
			break // imports come first
		}
		lastImport = gd
		switch {
		case isCgo(gd):
		case gd.Lparen.IsValid():
			if group == nil {
				group = gd
			}
		case len(gd.Specs) == 1:
			s := gd.Specs[0].(*ast.ImportSpec)
			singles = append(singles, s)
			singleDecl[s] = gd
		}
	}

	insert := func(pos token.Pos, text string) analysis.TextEdit {
		return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
	}
	switch {
	case group != nil:
		var specs []*ast.ImportSpec
		for _, s := range group.Specs {
			specs = append(specs, s.(*ast.ImportSpec))
		}
		if len(specs) == 0 { // import ()
			if group.Rparen == group.Lparen+1 {
				return insert(group.Rparen, "\n\t"+spec+"\n")
			}
			return insert(group.Lparen+1, "\n\t"+spec)
		}
		at, before, newGroup := placement(specs, path, name)
		sep := "\n\t"
		if newGroup {
			sep = "\n\n\t"
		}
		if before {
			return insert(specStart(at), spec+sep)
		}
		return insert(specEnd(at), sep+spec)

	case len(singles) > 0:
		at, before, newGroup := placement(singles, path, name)
		sep := "\n"
		if newGroup || before && singleDecl[at].Doc != nil {
			sep = "\n\n" // between groups, and before a documented decl
		}
		if before {
			return insert(declStart(singleDecl[at]), "import "+spec+sep)
		}
		return insert(specEnd(at), sep+"import "+spec)

	case firstOther != nil:
		return insert(declStart(firstOther), "import "+spec+"\n\n")
	case lastImport != nil:
		return insert(lastImport.End(), "\n\nimport "+spec)
	default:
		return insert(file.Name.End(), "\n\nimport "+spec)
	}
}

// placement decides where a spec for (path, name) goes among specs:
// before the first spec of the same class (standard library or not)
// that gofmt sorts after it, or else after the last spec of that class.
// Assuming each run of specs is sorted (as gofmt ensures), the result is
// sorted too. If no spec has that class, the new spec starts a new
// group (newGroup), before all specs if it is standard, else after them.
func placement(specs []*ast.ImportSpec, path, name string) (at *ast.ImportSpec, before, newGroup bool) {
	std := isStd(path)
	var last *ast.ImportSpec
	for _, s := range specs {
		if isStd(importPath(s)) != std {
			continue
		}
		// gofmt orders specs by path, then name.
		if cmp.Or(strings.Compare(importPath(s), path), strings.Compare(importName(s), name)) > 0 {
			return s, true, false
		}
		last = s
	}
	if last != nil {
		return last, false, false
	}
	if std {
		return specs[0], true, true
	}
	return specs[len(specs)-1], false, true
}

// DeleteImport returns an edit that removes spec from a parenthesised
// import declaration and leaves the file gofmt-clean: the spec goes with
// the line break before it, or after it when it starts its group. It
// declines a lone import, whose declaration would be left empty.
func DeleteImport(fset *token.FileSet, file *ast.File, spec *ast.ImportSpec) (analysis.TextEdit, bool) {
	line := func(p token.Pos) int { return fset.Position(p).Line }
	for _, d := range file.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT || !gd.Lparen.IsValid() {
			continue
		}
		i := slices.Index(gd.Specs, ast.Spec(spec))
		if i < 0 {
			continue
		}
		if len(gd.Specs) == 1 {
			return analysis.TextEdit{}, false
		}
		start, end := specStart(spec), specEnd(spec)
		var prev, next *ast.ImportSpec
		if i > 0 {
			prev = gd.Specs[i-1].(*ast.ImportSpec)
		}
		if i+1 < len(gd.Specs) {
			next = gd.Specs[i+1].(*ast.ImportSpec)
		}
		switch {
		case prev != nil && line(start) == line(specEnd(prev))+1:
			return analysis.TextEdit{Pos: specEnd(prev), End: end}, true
		case next != nil && line(specStart(next)) == line(end)+1:
			return analysis.TextEdit{Pos: start, End: specStart(next)}, true
		case prev != nil:
			return analysis.TextEdit{Pos: specEnd(prev), End: end}, true
		default:
			return analysis.TextEdit{Pos: start, End: specStart(next)}, true
		}
	}
	return analysis.TextEdit{}, false
}

// specStart returns the start of the first line of s: its doc comment.
func specStart(s *ast.ImportSpec) token.Pos {
	if s.Doc != nil {
		return s.Doc.Pos()
	}
	return s.Pos()
}

// specEnd returns the end of the last line of s, before the newline:
// the end of its trailing comment.
func specEnd(s *ast.ImportSpec) token.Pos {
	if s.Comment != nil {
		return s.Comment.End()
	}
	return s.End()
}

func declStart(d ast.Decl) token.Pos {
	var doc *ast.CommentGroup
	switch d := d.(type) {
	case *ast.GenDecl:
		doc = d.Doc
	case *ast.FuncDecl:
		doc = d.Doc
	}
	if doc != nil {
		return doc.Pos()
	}
	return d.Pos()
}

// isCgo reports whether d imports only "C". Such a declaration is never
// extended: cgo's preamble comment belongs to `import "C"` alone.
func isCgo(d *ast.GenDecl) bool {
	for _, s := range d.Specs {
		if importPath(s.(*ast.ImportSpec)) != "C" {
			return false
		}
	}
	return len(d.Specs) > 0
}

// isStd reports whether path looks like a standard library path: its
// first element has no dot (the heuristic goimports uses).
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func importPath(s *ast.ImportSpec) string {
	path, err := strconv.Unquote(s.Path.Value)
	if err != nil {
		return ""
	}
	return path
}

func importName(s *ast.ImportSpec) string {
	if s.Name == nil {
		return ""
	}
	return s.Name.Name
}
