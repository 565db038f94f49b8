package testenv

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// LoadFixtures loads packages of the fixture module with syntax and types.
func LoadFixtures(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	dir := Module(t, "testdata/mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, patterns...)
	if err != nil || len(pkgs) == 0 || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load %v: %v", patterns, err)
	}
	return pkgs
}

// RunLikeNogo runs a, after the analyzers it requires, on pkg the way
// Bazel's nogo does: a Pass with type information but no ReadFile, Module
// or OtherFiles. It returns a's diagnostics.
func RunLikeNogo(t *testing.T, pkg *packages.Package, a *analysis.Analyzer) []analysis.Diagnostic {
	t.Helper()
	results := map[*analysis.Analyzer]any{}
	var diags []analysis.Diagnostic
	var run func(a *analysis.Analyzer, report bool)
	run = func(a *analysis.Analyzer, report bool) {
		if _, done := results[a]; done {
			return
		}
		for _, req := range a.Requires {
			run(req, false)
		}
		pass := &analysis.Pass{
			Analyzer: a, Fset: pkg.Fset, Files: pkg.Syntax, Pkg: pkg.Types,
			TypesInfo: pkg.TypesInfo, TypesSizes: pkg.TypesSizes, ResultOf: results,
			Report: func(d analysis.Diagnostic) {
				if report {
					diags = append(diags, d)
				}
			},
			// ReadFile, Module and OtherFiles stay nil, as in nogo.
		}
		res, err := a.Run(pass)
		if err != nil {
			t.Fatalf("%s on %s: %v", a.Name, pkg.PkgPath, err)
		}
		results[a] = res
	}
	run(a, true)
	return diags
}

// CountWants counts the analysistest `// want` comments in pkg: the
// diagnostics its fixture expects.
func CountWants(pkg *packages.Package) int {
	n := 0
	for _, f := range pkg.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "// want ") {
					n++
				}
			}
		}
	}
	return n
}
