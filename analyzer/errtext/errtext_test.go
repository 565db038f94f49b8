package errtext_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestErrText(t *testing.T) {
	pkgs := []string{
		"example.com/fixtures/errtext/goopenai",
		"example.com/fixtures/errtext/openaigo",
		"example.com/fixtures/errtext/openaigov2",
		"example.com/fixtures/errtext/params",
		"example.com/fixtures/errtext/nosdk",
		"example.com/fixtures/errtext/mixed",
		"example.com/fixtures/across/errboth/ai",
		"example.com/fixtures/across/errboth/app",
		"example.com/fixtures/across/errboth/goonly",
		"example.com/fixtures/across/errown/ai",
		"example.com/fixtures/across/errown/app",
		"example.com/fixtures/across/errhop/mid",
		"example.com/fixtures/across/errhop/app",
	}
	if *update {
		writeGoldens(t, testenv.Analyze(t, "testdata/mod", errtext.Analyzer, pkgs...))
	}
	results := testenv.AnalyzeFixes(t, "testdata/mod", errtext.Analyzer, pkgs...)
	if n := testenv.CheckRawFixes(t, results); n < 40 {
		t.Errorf("checked %d fixes raw, want every fix shape in the fixtures", n)
	}
	checkFixesCompile(t, results)
}

// TestOldOpenAIGo runs on a module that pins openai-go v3.70.0, whose
// Error() still held the message, code and type: no match is called dead
// but those on Python exception names.
func TestOldOpenAIGo(t *testing.T) {
	testenv.Analyze(t, "testdata/modold", errtext.Analyzer, "example.com/fixturesold/errtext/old")
}
