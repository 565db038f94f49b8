package retired_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/retired"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestRetired(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	analysistest.Run(t, dir, retired.Analyzer,
		"example.com/fixtures/retired/openaigo",
		"example.com/fixtures/retired/goopenai",
		"example.com/fixtures/retired/oldsdk",
		"example.com/fixtures/retired/nosdk")
}
