package streamclose_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/streamclose"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestStreamClose(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", streamclose.Analyzer,
		"example.com/fixtures/streamclose/goopenai",
		"example.com/fixtures/streamclose/openaigo",
		"example.com/fixtures/streamclose/nosdk")
	if n := testenv.CheckRawFixes(t, results); n < 4 {
		t.Errorf("checked %d fixes raw, want every fix in the fixtures", n)
	}
}
