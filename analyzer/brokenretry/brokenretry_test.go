package brokenretry_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestStacked(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", brokenretry.Analyzer, "example.com/fixtures/brokenretry/stacked", "example.com/fixtures/brokenretry/stackedmain", "example.com/fixtures/brokenretry/overruntime")
	if n := testenv.CheckRawFixes(t, results); n == 0 {
		t.Error("no fixes were checked")
	}
}

func TestLoops(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", brokenretry.Analyzer,
		"example.com/fixtures/brokenretry/seed",
		"example.com/fixtures/brokenretry/loops",
		"example.com/fixtures/brokenretry/libraries")
	if n := testenv.CheckRawFixes(t, results); n == 0 {
		t.Error("no fixes were checked")
	}
}

// TestIgnoreCategory: //oaiguard:ignore with a category leaves that
// problem out of a loop's finding, and the finding out when none is left.
func TestIgnoreCategory(t *testing.T) {
	testenv.Analyze(t, "testdata/mod", brokenretry.Analyzer, "example.com/fixtures/brokenretry/ignorecat")
}
