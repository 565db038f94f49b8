package analyzer_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/fixtest"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestSeedArticle runs every check on the Go rendering of the retry loop
// that reference/seed-article.txt offers as its fix, in both SDKs. Before
// the fix the loop gets the three findings the article's advice deserves:
// text matching (errtext), a delay that grows with no jitter and a sleep
// blind to the context (brokenretry). With the fixes in place (the
// fixture's golden files) no check finds anything.
func TestSeedArticle(t *testing.T) {
	const pkg = "example.com/fixtures/brokenretry/seed"
	type finding struct{ file, analyzer, category, message string }
	var got []finding
	for _, d := range analyzeAll(t, testenv.Fixtures(t, "testdata/mod", pkg)) {
		got = append(got, finding{filepath.Base(d.file), d.analyzer, d.category, d.message})
	}
	for _, file := range []string{"goopenai.go", "openaigo.go"} {
		var text, jitter, sleep bool
		for _, f := range got {
			if f.file != file {
				continue
			}
			text = text || f.analyzer == "errtext"
			// A loop is one finding, of its first problem's category,
			// whose message says every problem.
			if f.analyzer == "brokenretry" && strings.HasPrefix(f.message, "retry loop around") {
				jitter = jitter || strings.Contains(f.message, "no jitter")
				sleep = sleep || strings.Contains(f.message, "time.Sleep ignores")
			}
		}
		if !text || !jitter || !sleep {
			t.Errorf("%s: text matching %v, no jitter %v, context-blind sleep %v; want all three (findings: %v)", file, text, jitter, sleep, got)
		}
	}

	// The package again with each golden file in place of the file it
	// fixes, type-checked and analysed in process against the loaded
	// imports (the fixture imports no other package of the module).
	u := fixtest.Load(t, "./...")
	i := slices.IndexFunc(u.Roots, func(p *packages.Package) bool { return p.PkgPath == pkg })
	if i < 0 {
		t.Fatalf("%s not loaded", pkg)
	}
	files, err := fixtest.Sources(u.Roots[i])
	if err != nil {
		t.Fatal(err)
	}
	goldens := 0
	for _, f := range files {
		if data, err := os.ReadFile(f.Name + ".golden"); err == nil {
			files = fixtest.With(files, f.Name, data)
			goldens++
		}
	}
	fixed, errs, err := u.Check(pkg, files)
	if err != nil || len(errs) > 0 || goldens == 0 {
		t.Fatalf("%s with its %d golden files: %v %v", pkg, goldens, err, errs)
	}
	after, err := u.Analyze(analyzer.All(), fixed)
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != 0 {
		t.Errorf("after the fixes, %d findings remain: %v", len(after), after)
	}
}

type diag struct{ file, analyzer, category, message string }

// analyzeAll runs every check on pkgs.
func analyzeAll(t *testing.T, pkgs []*packages.Package) []diag {
	t.Helper()
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("%v does not load", pkgs)
	}
	graph, err := checker.Analyze(analyzer.All(), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []diag
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			out = append(out, diag{pos.Filename, act.Analyzer.Name, d.Category, d.Message})
		}
	}
	return out
}
