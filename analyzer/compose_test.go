package analyzer_test

import (
	"path/filepath"
	"strings"
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
// on the files where fixes meet.
//
// One run of the fixes is enough everywhere but in twoRounds: there a
// finding sits in code that brokenretry's loop fix keeps (the branch that
// gives up, the success branch), which that fix prints again unchanged, so
// its own fix yields to the loop's and comes in the next run.
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
				if want := rounds(f.Name); r.Fixes > 0 && r.Rounds != want {
					t.Errorf("go fix takes %d runs to apply every fix, want %d", r.Rounds, want)
				}
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

// twoRounds are the fixture files whose fixes take two runs of go fix.
// brokenretry/ignorecat.go: a loop that retries on the text "429", whose
// other problems are ignored, retries quota 429s too, which brokenretry
// sees only once errtext's fix says so (IsRateLimited || IsQuotaExhausted
// || IsRequestTooLarge): it classifies a "429" text as a rate limit alone.
var twoRounds = []string{"compose/overlap/overlap.go", "brokenretry/ignorecat/ignorecat.go"}

func rounds(name string) int {
	for _, f := range twoRounds {
		if strings.HasSuffix(filepath.ToSlash(name), "/"+f) {
			return 2
		}
	}
	return 1
}
