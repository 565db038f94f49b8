package testenv

import (
	"bytes"
	"go/format"
	"os"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// CheckRawFixes applies each suggested fix on its own, without the
// formatting that go fix and analysistest add, as gopls and nogo do, and
// fails unless the result is gofmt-clean. It also checks that there is
// exactly one fix per diagnostic and that its edits stay in the
// diagnostic's file. It returns the number of fixes checked.
func CheckRawFixes(t *testing.T, results []*analysistest.Result) int {
	t.Helper()
	n := 0
	for _, r := range results {
		fset := r.Action.Package.Fset
		for _, d := range r.Action.Diagnostics {
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d fixes, want at most one", fset.Position(d.Pos), len(d.SuggestedFixes))
			}
			for _, fix := range d.SuggestedFixes {
				n++
				tf := fset.File(d.Pos)
				for _, e := range fix.TextEdits {
					if fset.File(e.Pos) != tf {
						t.Errorf("%s: fix edits another file", fset.Position(d.Pos))
					}
				}
				src, err := os.ReadFile(tf.Name())
				if err != nil {
					t.Fatal(err)
				}
				out, err := fixedit.Apply(src, tf, fix.TextEdits)
				if err != nil {
					t.Errorf("%s: %v", fset.Position(d.Pos), err)
					continue
				}
				formatted, err := format.Source(out)
				if err != nil {
					t.Errorf("%s: fixed file does not parse: %v", fset.Position(d.Pos), err)
					continue
				}
				if !bytes.Equal(formatted, out) {
					t.Errorf("%s: fix %q is not gofmt-clean when applied raw:\n%s", fset.Position(d.Pos), fix.Message, out)
				}
			}
		}
	}
	return n
}
