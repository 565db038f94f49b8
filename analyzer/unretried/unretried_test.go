package unretried_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestUnretried(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	analysistest.RunWithSuggestedFixes(t, dir, unretried.Analyzer,
		"example.com/fixtures/unretried/goopenai",
		"example.com/fixtures/unretried/openaigo",
		"example.com/fixtures/unretried/openaigov2",
		"example.com/fixtures/unretried/loops",
		"example.com/fixtures/unretried/httpclients",
	)
}

func TestStrict(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	a := unretried.New(unretried.Config{Strict: true})
	analysistest.Run(t, dir, a, "example.com/fixtures/unretried/strict")
}
