package fixedit

import (
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// Tidy formats a file after several fixes were merged into it, and removes
// the imports the merge left unused, as go fix does: each fix deletes the
// imports it alone leaves unused, but two fixes that each remove one of two
// uses of a package leave its import to the driver.
//
// An import counts as used when its name (the explicit one, else
// names[path], the package's name) is the operand of a selector anywhere in
// the file's declarations. That can keep an import that a local variable of
// the same name shadows, never drop a used one. Blank, dot and cgo imports,
// and imports of packages whose name is unknown, are kept.
func Tidy(src []byte, names map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		ast.Inspect(d, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok {
					used[id.Name] = true
				}
			}
			return true
		})
	}
	for _, spec := range append([]*ast.ImportSpec(nil), file.Imports...) {
		path := importPath(spec)
		name := importName(spec)
		if name == "" {
			name = names[path]
		}
		switch name {
		case "", "_", ".":
			continue
		}
		if path != "C" && !used[name] {
			astutil.DeleteNamedImport(fset, file, importName(spec), path)
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}
