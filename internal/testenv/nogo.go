package testenv

import (
	"go/types"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// LoadFixtures loads packages of the fixture module with syntax and types.
func LoadFixtures(t *testing.T, patterns ...string) []*packages.Package {
	t.Helper()
	dir := Module(t, "testdata/mod")
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir}, patterns...)
	if err != nil || len(pkgs) == 0 || packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load %v: %v", patterns, err)
	}
	return pkgs
}

// RunLikeNogo runs a, after the analyzers it requires, on pkg the way
// Bazel's nogo does: a Pass with type information but no ReadFile, Module
// or OtherFiles, and facts: the analyzers that use facts run first on every
// dependency of pkg, bottom-up, their facts kept in memory (nogo keeps
// them in files). It returns a's diagnostics. "Every dependency" is every
// package that pkg.Imports leads to: with the packages of Fixtures, the
// fixture module's and the runtimes (the packages with facts to tell), as
// the standalone driver hands them to the checker; with LoadFixtures', all.
func RunLikeNogo(t *testing.T, pkg *packages.Package, a *analysis.Analyzer) []analysis.Diagnostic {
	t.Helper()
	facts := &factStore{obj: map[objKey]analysis.Fact{}, pkg: map[pkgKey]analysis.Fact{}}
	done := map[*packages.Package]bool{}
	var deps func(p *packages.Package)
	deps = func(p *packages.Package) {
		if done[p] {
			return
		}
		done[p] = true
		for _, imp := range p.Imports {
			deps(imp)
		}
		if p != pkg {
			runPackage(t, p, a, facts, true)
		}
	}
	deps(pkg)
	return runPackage(t, pkg, a, facts, false)
}

// runPackage runs a and what it requires on p; with factsOnly, only the
// analyzers that use facts, and those they require, as drivers do on
// dependencies.
func runPackage(t *testing.T, pkg *packages.Package, a *analysis.Analyzer, facts *factStore, factsOnly bool) []analysis.Diagnostic {
	t.Helper()
	results := map[*analysis.Analyzer]any{}
	var diags []analysis.Diagnostic
	var run func(a *analysis.Analyzer, report bool)
	run = func(a *analysis.Analyzer, report bool) {
		if _, done := results[a]; done {
			return
		}
		if factsOnly && !usesFacts(a) {
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
		facts.bind(pass)
		res, err := a.Run(pass)
		if err != nil {
			t.Fatalf("%s on %s: %v", a.Name, pkg.PkgPath, err)
		}
		results[a] = res
	}
	run(a, !factsOnly)
	return diags
}

// usesFacts reports whether a, or an analyzer it requires, uses facts.
func usesFacts(a *analysis.Analyzer) bool {
	if len(a.FactTypes) > 0 {
		return true
	}
	for _, r := range a.Requires {
		if usesFacts(r) {
			return true
		}
	}
	return false
}

type objKey struct {
	obj types.Object
	typ reflect.Type
}

type pkgKey struct {
	pkg *types.Package
	typ reflect.Type
}

// factStore holds the facts of every package analysed so far.
type factStore struct {
	obj map[objKey]analysis.Fact
	pkg map[pkgKey]analysis.Fact
}

func (s *factStore) bind(pass *analysis.Pass) {
	set := func(dst, src analysis.Fact) { reflect.ValueOf(dst).Elem().Set(reflect.ValueOf(src).Elem()) }
	mine := func(f analysis.Fact) bool {
		for _, ft := range pass.Analyzer.FactTypes {
			if reflect.TypeOf(ft) == reflect.TypeOf(f) {
				return true
			}
		}
		return false
	}
	pass.ImportObjectFact = func(obj types.Object, f analysis.Fact) bool {
		got, ok := s.obj[objKey{obj, reflect.TypeOf(f)}]
		if ok {
			set(f, got)
		}
		return ok
	}
	pass.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
		if obj.Pkg() != pass.Pkg {
			panic("fact for an object of another package")
		}
		s.obj[objKey{obj, reflect.TypeOf(f)}] = f
	}
	pass.ImportPackageFact = func(pkg *types.Package, f analysis.Fact) bool {
		got, ok := s.pkg[pkgKey{pkg, reflect.TypeOf(f)}]
		if ok {
			set(f, got)
		}
		return ok
	}
	pass.ExportPackageFact = func(f analysis.Fact) { s.pkg[pkgKey{pass.Pkg, reflect.TypeOf(f)}] = f }
	pass.AllObjectFacts = func() []analysis.ObjectFact {
		var out []analysis.ObjectFact
		for k, f := range s.obj {
			if mine(f) {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
		}
		return out
	}
	pass.AllPackageFacts = func() []analysis.PackageFact {
		var out []analysis.PackageFact
		for k, f := range s.pkg {
			if mine(f) {
				out = append(out, analysis.PackageFact{Package: k.pkg, Fact: f})
			}
		}
		return out
	}
}

// CountWants counts the diagnostics the analysistest `// want` comments in
// pkg expect: each pattern of a comment, a line may expect several; facts
// (name:"re") are not diagnostics.
func CountWants(pkg *packages.Package) int {
	n := 0
	for _, f := range pkg.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if text, ok := strings.CutPrefix(c.Text, "// want "); ok {
					for _, m := range wantPattern.FindAllStringSubmatch(text, -1) {
						if m[1] == "" {
							n++
						}
					}
				}
			}
		}
	}
	return n
}

// wantPattern is one expectation of a want comment, with its fact's name.
var wantPattern = regexp.MustCompile("(?:(\\w+):)?(`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\")")
