package streamclose_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/streamclose"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestStreamClose(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	results := analysistest.RunWithSuggestedFixes(t, dir, streamclose.Analyzer,
		"example.com/fixtures/streamclose/goopenai",
		"example.com/fixtures/streamclose/openaigo",
		"example.com/fixtures/streamclose/nosdk")
	if n := testenv.CheckRawFixes(t, results); n < 4 {
		t.Errorf("checked %d fixes raw, want every fix in the fixtures", n)
	}
}
