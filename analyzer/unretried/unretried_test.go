package unretried_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestUnretried(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", unretried.Analyzer,
		"example.com/fixtures/unretried/goopenai",
		"example.com/fixtures/unretried/openaigo",
		"example.com/fixtures/unretried/openaigov2",
		"example.com/fixtures/unretried/loops",
		"example.com/fixtures/unretried/httpclients",
		"example.com/fixtures/unretried/taken",
		"example.com/fixtures/unretried/asserted",
		"example.com/fixtures/unretried/mixed",
		"example.com/fixtures/unretried/retried",
		"example.com/fixtures/unretried/iface",
		"example.com/fixtures/unretried/methodvalue",
		"example.com/fixtures/unretried/pkgvar",
	)
	if n := testenv.CheckRawFixes(t, results); n < 20 {
		t.Errorf("checked %d fixes raw, want every fix shape in the fixtures", n)
	}
}

// TestCgo: a file that imports "C" is checked, although the file the
// analyzers see is cmd/cgo's output, which says it is generated.
func TestCgo(t *testing.T) {
	for _, r := range testenv.Analyze(t, "testdata/mod", unretried.Analyzer, "example.com/fixtures/unretried/cgo") {
		for _, d := range r.Action.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: a fix in cmd/cgo's output", r.Action.Package.Fset.Position(d.Pos))
			}
		}
	}
}

func TestStrict(t *testing.T) {
	a := unretried.New(unretried.Config{Strict: true})
	testenv.Analyze(t, "testdata/mod", a, "example.com/fixtures/unretried/strict")
}
