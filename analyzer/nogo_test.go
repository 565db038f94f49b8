package analyzer_test

import (
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestNogoPass runs a check the way Bazel's nogo does: a Pass with no
// ReadFile, no Module and no OtherFiles. The checks must not need them.
func TestNogoPass(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}
	pkgs, err := packages.Load(cfg, "example.com/fixtures/unretried/goopenai")
	if err != nil || len(pkgs) != 1 || len(pkgs[0].Errors) > 0 {
		t.Fatalf("load: %v %v", err, pkgs)
	}
	pkg := pkgs[0]
	var diags []analysis.Diagnostic
	newPass := func(a *analysis.Analyzer, results map[*analysis.Analyzer]any) *analysis.Pass {
		return &analysis.Pass{
			Analyzer:   a,
			Fset:       pkg.Fset,
			Files:      pkg.Syntax,
			Pkg:        pkg.Types,
			TypesInfo:  pkg.TypesInfo,
			TypesSizes: pkg.TypesSizes,
			ResultOf:   results,
			Report:     func(d analysis.Diagnostic) { diags = append(diags, d) },
			// ReadFile, Module and OtherFiles stay nil, as in nogo.
		}
	}
	res, err := apicalls.Analyzer.Run(newPass(apicalls.Analyzer, nil))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := unretried.Analyzer.Run(newPass(unretried.Analyzer, map[*analysis.Analyzer]any{apicalls.Analyzer: res})); err != nil {
		t.Fatal(err)
	}
	// The fixture's want comments are the expectation: one diagnostic each,
	// with a fix unless the message gives manual advice instead.
	var want int
	for _, f := range pkg.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, "// want ") {
					want++
				}
			}
		}
	}
	if want == 0 || len(diags) != want {
		t.Errorf("got %d diagnostics, want the fixture's %d", len(diags), want)
	}
	for _, d := range diags {
		manual := strings.Contains(d.Message, "retry it with oaiguard.Do")
		if got, wantFixes := len(d.SuggestedFixes), map[bool]int{true: 0, false: 1}[manual]; got != wantFixes {
			t.Errorf("%s: %d fixes, want %d", pkg.Fset.Position(d.Pos), got, wantFixes)
		}
	}
}
