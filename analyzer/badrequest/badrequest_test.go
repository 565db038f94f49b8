package badrequest_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestBadRequest(t *testing.T) {
	testenv.Analyze(t, "testdata/mod", badrequest.Analyzer,
		"example.com/fixtures/badrequest/goopenai",
		"example.com/fixtures/badrequest/openaigo",
		"example.com/fixtures/badrequest/oldsdks",
		"example.com/fixtures/badrequest/nosdk")
}
