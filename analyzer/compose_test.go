package analyzer_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/fixtest"
)

// TestFixesCompose applies the fixes of every check to every fixture file
// of testdata/mod, all at once through x/tools' merge (as go fix and
// oaiguard -fix do) and, for files with up to four fixes, one at a time in
// every order with a re-analysis after each (as gopls users do), and checks
// that each result parses, is gofmt-clean, type-checks and has no fix left:
// see fixtest.Compose. cmd/oaiguard's TestFixFixtures runs the real drivers
// on the same files.
func TestFixesCompose(t *testing.T) {
	start := time.Now()
	u := fixtest.Load(t, "./...")
	var files, withFixes, fixes, orders, states int
	for _, pkg := range u.Roots {
		if len(pkg.GoFiles) != len(pkg.CompiledGoFiles) {
			continue // cgo: the files analysed are cmd/cgo's, not the user's
		}
		srcs, err := fixtest.Sources(pkg)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range srcs {
			files++
			t.Run(rel(f.Name), func(t *testing.T) {
				r := u.Compose(t, analyzer.All(), pkg.PkgPath, srcs, f.Name, 4)
				if r.Fixes > 0 {
					withFixes++
				}
				fixes += r.Fixes
				orders += r.Orders
				states += r.States
			})
		}
	}
	if withFixes < 20 {
		t.Errorf("only %d fixture files offer fixes", withFixes)
	}
	t.Logf("%d fixture files, %d with fixes (%d fixes); one at a time: %d orders through %d distinct files; %v",
		files, withFixes, fixes, orders, states, time.Since(start).Round(time.Millisecond))
}

func rel(name string) string {
	dir, file := filepath.Split(name)
	return filepath.Join(filepath.Base(dir), file)
}
