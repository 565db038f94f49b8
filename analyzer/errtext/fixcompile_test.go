package errtext_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/types"
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// checkFixesCompile applies each fix on its own, raw, as gopls does, and
// type-checks the package with the fixed file: a fix must not leave an
// unused import or name something that is not in scope. It returns the
// number of fixes checked.
func checkFixesCompile(t *testing.T, results []*analysistest.Result) int {
	t.Helper()
	n := 0
	for _, r := range results {
		pkg := r.Action.Package
		fset := pkg.Fset
		for _, d := range r.Action.Diagnostics {
			for _, fix := range d.SuggestedFixes {
				n++
				tf := fset.File(d.Pos)
				src, err := os.ReadFile(tf.Name())
				if err != nil {
					t.Fatal(err)
				}
				out, err := fixedit.Apply(src, tf, fix.TextEdits)
				if err != nil {
					t.Errorf("%s: %v", fset.Position(d.Pos), err)
					continue
				}
				fixed, err := parser.ParseFile(fset, tf.Name()+".fixed", out, parser.SkipObjectResolution)
				if err != nil {
					t.Errorf("%s: fixed file does not parse: %v", fset.Position(d.Pos), err)
					continue
				}
				var files []*ast.File
				for _, f := range pkg.Syntax {
					if fset.File(f.FileStart) == tf {
						f = fixed
					}
					files = append(files, f)
				}
				var errs []error
				conf := types.Config{
					Importer: importerFunc(func(path string) (*types.Package, error) {
						for _, p := range pkg.Types.Imports() {
							if p.Path() == path {
								return p, nil
							}
						}
						return loadTypes(t, pkg.Dir, path)
					}),
					Error: func(err error) { errs = append(errs, err) },
				}
				_, _ = conf.Check(pkg.PkgPath, fset, files, nil)
				for _, e := range errs {
					t.Errorf("%s: fix %q alone does not compile: %v", fset.Position(d.Pos), fix.Message, e)
				}
			}
		}
	}
	return n
}

var loaded = map[string]*types.Package{}

// loadTypes loads a package the fixes import (the runtime) from the
// fixture module.
func loadTypes(t *testing.T, dir, path string) (*types.Package, error) {
	if p, ok := loaded[path]; ok {
		return p, nil
	}
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes, Dir: dir}
	pkgs, err := packages.Load(cfg, path)
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		return nil, fmt.Errorf("load %s: %v %v", path, err, pkgs)
	}
	loaded[path] = pkgs[0].Types
	return pkgs[0].Types, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
