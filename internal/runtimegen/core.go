package runtimegen

import (
	"bytes"
	"embed"
	"fmt"
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
// clause rewritten to pkg and the generated-code marker on top.
func coreFiles(pkg string) (map[string][]byte, error) {
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
		out, err := rewritePackage(name, src, pkg)
		if err != nil {
			return nil, err
		}
		files[name] = out
	}
	return files, nil
}

// rewritePackage renames the package of a core file to pkg, keeping every
// comment, and puts Marker on top.
func rewritePackage(name string, src []byte, pkg string) ([]byte, error) {
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
	var buf bytes.Buffer
	buf.WriteString(Marker + "\n\n")
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, fmt.Errorf("runtimegen: core/%s: %w", name, err)
	}
	return format.Source(buf.Bytes())
}
