package analyzer_test

import (
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestNogoPass runs a check the way Bazel's nogo does: a Pass with no
// ReadFile, no Module and no OtherFiles. The checks must not need them.
func TestNogoPass(t *testing.T) {
	pkg := testenv.Fixtures(t, "testdata/mod", "example.com/fixtures/unretried/goopenai")[0]
	diags := testenv.RunLikeNogo(t, pkg, unretried.Analyzer)
	// The fixture's want comments are the expectation: one diagnostic each,
	// with a fix unless the message gives manual advice instead.
	want := testenv.CountWants(pkg)
	if want == 0 || len(diags) != want {
		t.Errorf("got %d diagnostics, want the fixture's %d", len(diags), want)
	}
	for _, d := range diags {
		manual := strings.Contains(d.Message, "retry it with oaiguard.Do")
		if got, wantFixes := len(d.SuggestedFixes), map[bool]int{true: 0, false: 1}[manual]; got != wantFixes {
			t.Errorf("%s: %d fixes, want %d", pkg.Fset.Position(d.Pos), got, wantFixes)
		}
	}
}
