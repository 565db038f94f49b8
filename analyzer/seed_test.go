package analyzer_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer"
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
	dir := testenv.Module(t, "testdata/mod")
	type finding struct{ file, analyzer, category, message string }
	var got []finding
	for _, d := range analyzeAll(t, dir, pkg) {
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

	fixed := fixedCopy(t, dir)
	if after := analyzeAll(t, fixed, pkg); len(after) != 0 {
		t.Errorf("after the fixes, %d findings remain: %v", len(after), after)
	}
}

type diag struct{ file, analyzer, category, message string }

// analyzeAll runs every check on the package pattern in the module at dir.
func analyzeAll(t *testing.T, dir, pattern string) []diag {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, pattern)
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("%s does not load", pattern)
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

// fixedCopy copies the fixture module to a temporary directory with every
// golden file in place of the file it fixes.
func fixedCopy(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case rel == "go.mod":
			data = []byte(strings.ReplaceAll(string(data), "=> ../..", "=> "+testenv.Root))
		case strings.HasSuffix(rel, ".go.golden"):
			rel = strings.TrimSuffix(rel, ".golden")
		case strings.HasSuffix(rel, ".go"):
			if _, err := os.Stat(path + ".golden"); err == nil {
				return nil
			}
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
