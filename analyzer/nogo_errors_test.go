package analyzer_test

import (
	"fmt"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestNogoErrorChecks runs brokenretry and errtype the way Bazel's nogo
// does (no ReadFile, no Module, no OtherFiles) on their fixtures and checks
// that they report exactly what they report under the standard driver,
// fixes included.
func TestNogoErrorChecks(t *testing.T) {
	pkgs := testenv.Fixtures(t, "testdata/mod", "example.com/fixtures/brokenretry/...", "example.com/fixtures/errtype/...")
	checks := []*analysis.Analyzer{brokenretry.Analyzer, errtype.Analyzer}

	standard := map[string][]string{}
	graph, err := checker.Analyze(checks, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, act := range graph.Roots {
		key := act.Analyzer.Name + "@" + act.Package.PkgPath
		standard[key] = summarize(act.Package, act.Diagnostics)
	}

	total := 0
	for _, pkg := range pkgs {
		for _, a := range checks {
			diags := testenv.RunLikeNogo(t, pkg, a)
			key := a.Name + "@" + pkg.PkgPath
			got := summarize(pkg, diags)
			if !slices.Equal(got, standard[key]) {
				t.Errorf("%s: under nogo\n%v\nunder the standard driver\n%v", key, got, standard[key])
			}
			total += len(got)
		}
	}
	if total == 0 {
		t.Error("no diagnostics at all: the fixtures were not analyzed")
	}
}

// summarize renders diagnostics as position, message and fix count, sorted.
func summarize(pkg *packages.Package, diags []analysis.Diagnostic) []string {
	var out []string
	for _, d := range diags {
		out = append(out, fmt.Sprintf("%s %s fixes=%d", pkg.Fset.Position(d.Pos), d.Message, len(d.SuggestedFixes)))
	}
	slices.Sort(out)
	return out
}
