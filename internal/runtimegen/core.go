package runtimegen

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"path"
	"strings"
)

// coreFS holds the source of package core. Test files, doc.go and the
// generated tables.go are in it too but are not copied: each runtime gets
// its own tables.go.
//
//go:embed core/*.go
var coreFS embed.FS

// coreFiles returns the hand-written files of package core, with the package
// clause rewritten to pkg and the generated-code marker on top; with
// randV1, math/rand/v2 is imported as math/rand.
func coreFiles(pkg string, randV1 bool) (map[string][]byte, error) {
	entries, err := coreFS.ReadDir("core")
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte)
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_test.go") || name == "doc.go" {
			continue
		}
		src, err := coreFS.ReadFile(path.Join("core", name))
		if err != nil {
			return nil, err
		}
		if IsGenerated(src) {
			continue
		}
		out, err := rewritePackage(name, src, pkg, randV1)
		if err != nil {
			return nil, err
		}
		files[name] = out
	}
	return files, nil
}

// rewritePackage renames the package of a core file to pkg, keeping every
// comment, and puts Marker on top. With randV1, it imports math/rand in
// place of math/rand/v2 (for go lines before 1.22), which only works for
// the functions both have (randV1Funcs).
func rewritePackage(name string, src []byte, pkg string, randV1 bool) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("runtimegen: core/%s: %w", name, err)
	}
	if f.Doc != nil {
		return nil, fmt.Errorf("runtimegen: core/%s has a package doc comment; only core/doc.go may, and it is not copied", name)
	}
	if len(f.Comments) > 0 && f.Comments[0].Pos() < f.Package {
		return nil, fmt.Errorf("runtimegen: core/%s has a comment before its package clause, which the copy would lose its place for", name)
	}
	f.Name.Name = pkg
	if randV1 {
		if err := randToV1(name, f); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	buf.WriteString(Marker + "\n\n")
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("runtimegen: core/%s: %w", name, err)
	}
	return format.Source(buf.Bytes())
}

// randToV1 rewrites f's import of math/rand/v2 to math/rand, after making
// sure f uses only functions the two have alike.
func randToV1(name string, f *ast.File) error {
	for _, imp := range f.Imports {
		if imp.Path.Value != `"math/rand/v2"` {
			continue
		}
		local := "rand"
		if imp.Name != nil {
			local = imp.Name.Name
		}
		var bad []string
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == local && !randV1Funcs[sel.Sel.Name] {
					bad = append(bad, sel.Sel.Name)
				}
			}
			return true
		})
		if len(bad) > 0 {
			return fmt.Errorf("runtimegen: core/%s uses math/rand/v2's %s, which math/rand lacks or spells differently: a runtime for go lines before %s cannot be generated; extend randV1Funcs or avoid it", name, strings.Join(bad, ", "), randV2Go)
		}
		imp.Path.Value = `"math/rand"`
	}
	return nil
}
