package keyinsource_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/keyinsource"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestKeyInSource(t *testing.T) {
	testenv.Analyze(t, "testdata/mod", keyinsource.Analyzer,
		"example.com/fixtures/keyinsource/openaigo",
		"example.com/fixtures/keyinsource/goopenai",
		"example.com/fixtures/keyinsource/httponly",
		"example.com/fixtures/keyinsource/nosdk")
}
