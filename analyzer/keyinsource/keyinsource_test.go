package keyinsource_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/keyinsource"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestKeyInSource(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	analysistest.Run(t, dir, keyinsource.Analyzer,
		"example.com/fixtures/keyinsource/openaigo",
		"example.com/fixtures/keyinsource/goopenai",
		"example.com/fixtures/keyinsource/httponly",
		"example.com/fixtures/keyinsource/nosdk")
}
