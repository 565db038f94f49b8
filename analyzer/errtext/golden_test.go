package errtext_test

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

var update = flag.Bool("update", false, "rewrite the fixtures' .golden files from the fixes")

// writeGoldens applies every fix of the results, as go fix would, and
// writes each fixed file's .golden; the test then compares as usual. The
// goldens are read by a person before they are committed.
func writeGoldens(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	type fileEdits struct {
		tf    *token.File
		edits []analysis.TextEdit
		seen  map[string]bool
	}
	files := map[string]*fileEdits{}
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, d := range r.Action.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					tf := fset.File(e.Pos)
					fe := files[tf.Name()]
					if fe == nil {
						fe = &fileEdits{tf: tf, seen: map[string]bool{}}
						files[tf.Name()] = fe
					}
					key := fmt.Sprint(e.Pos, e.End, string(e.NewText))
					if fe.seen[key] {
						continue // the same import, added by several fixes
					}
					fe.seen[key] = true
					fe.edits = append(fe.edits, e)
				}
			}
		}
	}
	for name, fe := range files {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := fixedit.Apply(src, fe.tf, fe.edits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out, err = formatRemoveImports(out); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := os.WriteFile(name+".golden", out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// formatRemoveImports formats src and drops the imports the fixes left
// unused, as go fix and analysistest do.
func formatRemoveImports(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "fixed.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	for _, imp := range slices.Clone(f.Imports) {
		p, _ := strconv.Unquote(imp.Path.Value)
		name := guessName(p)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && !used[name] {
			explicit := ""
			if imp.Name != nil {
				explicit = imp.Name.Name
			}
			astutil.DeleteNamedImport(fset, f, explicit, p)
		}
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, f); err != nil {
		return nil, err
	}
	return format.Source(buf.Bytes())
}

// guessName guesses a package's name from its import path, well enough for
// the fixtures: major version suffixes and go-/-go are dropped.
func guessName(p string) string {
	name := path.Base(p)
	if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = path.Base(path.Dir(p))
	}
	name = strings.TrimPrefix(name, "go-")
	return strings.TrimSuffix(name, "-go")
}
