package badrequest_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestBadRequest(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	analysistest.Run(t, dir, badrequest.Analyzer,
		"example.com/fixtures/badrequest/goopenai",
		"example.com/fixtures/badrequest/openaigo",
		"example.com/fixtures/badrequest/oldsdks",
		"example.com/fixtures/badrequest/nosdk")
}
