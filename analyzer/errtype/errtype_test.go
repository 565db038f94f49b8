package errtype_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestErrType(t *testing.T) {
	results := testenv.AnalyzeFixes(t, "testdata/mod", errtype.Analyzer,
		"example.com/fixtures/errtype/goopenai",
		"example.com/fixtures/errtype/openaigo",
		"example.com/fixtures/errtype/nosdk",
		"example.com/fixtures/errtype/unknowncode")
	if n := testenv.CheckRawFixes(t, results); n == 0 {
		t.Error("no fixes were checked")
	}
}
