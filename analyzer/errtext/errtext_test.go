package errtext_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestErrText(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	pkgs := []string{
		"example.com/fixtures/errtext/goopenai",
		"example.com/fixtures/errtext/openaigo",
		"example.com/fixtures/errtext/openaigov2",
		"example.com/fixtures/errtext/params",
		"example.com/fixtures/errtext/nosdk",
		"example.com/fixtures/errtext/mixed",
	}
	if *update {
		writeGoldens(t, analysistest.Run(t, dir, errtext.Analyzer, pkgs...))
	}
	results := analysistest.RunWithSuggestedFixes(t, dir, errtext.Analyzer, pkgs...)
	if n := testenv.CheckRawFixes(t, results); n < 40 {
		t.Errorf("checked %d fixes raw, want every fix shape in the fixtures", n)
	}
	checkFixesCompile(t, results)
}

// TestOldOpenAIGo runs on a module that pins openai-go v3.70.0, whose
// Error() still held the message, code and type: no match is called dead
// but those on Python exception names.
func TestOldOpenAIGo(t *testing.T) {
	dir := testenv.Module(t, "testdata/modold")
	analysistest.Run(t, dir, errtext.Analyzer, "example.com/fixturesold/errtext/old")
}
