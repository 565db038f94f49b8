package errtype_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestErrType(t *testing.T) {
	dir := testenv.Module(t, "testdata/mod")
	results := analysistest.RunWithSuggestedFixes(t, dir, errtype.Analyzer,
		"example.com/fixtures/errtype/goopenai",
		"example.com/fixtures/errtype/openaigo",
		"example.com/fixtures/errtype/nosdk",
		"example.com/fixtures/errtype/unknowncode")
	if n := testenv.CheckRawFixes(t, results); n == 0 {
		t.Error("no fixes were checked")
	}
}
