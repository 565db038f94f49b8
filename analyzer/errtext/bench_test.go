package errtext_test

import (
	"go/ast"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// BenchmarkErrText measures the check on a package that refers to an SDK
// everywhere (go-openai's own root package, 13k lines) and on the fixture,
// beside what every driver pays anyway: type-checking the package.
//
//	go test ./analyzer/errtext -run '^$' -bench ErrText -benchtime 20x
func BenchmarkErrText(b *testing.B) {
	dir := testenv.Module(b, "testdata/mod")
	for _, path := range []string{"github.com/sashabaranov/go-openai", "example.com/fixtures/errtext/goopenai"} {
		pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, path)
		if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
			b.Fatalf("load %s: %v %v", path, err, pkgs)
		}
		pkg := pkgs[0]
		pass := func(a *analysis.Analyzer, results map[*analysis.Analyzer]any) *analysis.Pass {
			return &analysis.Pass{
				Analyzer: a, Fset: pkg.Fset, Files: pkg.Syntax, Pkg: pkg.Types,
				TypesInfo: pkg.TypesInfo, TypesSizes: pkg.TypesSizes, ResultOf: results,
				Report: func(analysis.Diagnostic) {},
			}
		}
		b.Run(path+"/typecheck", func(b *testing.B) {
			for b.Loop() {
				conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) { return pkg.Imports[p].Types, nil })}
				info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{}, Implicits: map[ast.Node]types.Object{}}
				if _, err := conf.Check(pkg.PkgPath, pkg.Fset, pkg.Syntax, info); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(path+"/apicalls", func(b *testing.B) {
			for b.Loop() {
				if _, err := apicalls.Analyzer.Run(pass(apicalls.Analyzer, nil)); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(path+"/apicalls+errtext", func(b *testing.B) {
			for b.Loop() {
				res, err := apicalls.Analyzer.Run(pass(apicalls.Analyzer, nil))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := errtext.Analyzer.Run(pass(errtext.Analyzer, map[*analysis.Analyzer]any{apicalls.Analyzer: res})); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
