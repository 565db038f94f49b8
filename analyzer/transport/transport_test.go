package transport_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/transport"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestTransport(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", transport.Analyzer,
		"example.com/fixtures/transport/newclient",
		"example.com/fixtures/transport/config",
		"example.com/fixtures/transport/negative",
		"example.com/fixtures/transport/taken",
		"example.com/fixtures/transport/openaigo",
		"example.com/fixtures/transport/imports",
		"example.com/fixtures/transport/both",
	)
	if n := testenv.CheckRawFixes(t, results); n < 9 {
		t.Errorf("checked %d fixes raw, want every fix in the fixtures", n)
	}
}
