package retired_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/retired"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestRetired(t *testing.T) {
	testenv.Analyze(t, "testdata/mod", retired.Analyzer,
		"example.com/fixtures/retired/openaigo",
		"example.com/fixtures/retired/goopenai",
		"example.com/fixtures/retired/oldsdk",
		"example.com/fixtures/retired/nosdk")
}
