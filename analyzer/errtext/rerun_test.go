package errtext_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/internal/fixtest"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestFixedIsClean checks the fixtures with every fix applied (their
// .golden files): what is left are exactly the findings that had no fix.
func TestFixedIsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("re-checks every errtext fixture package with its fixes applied")
	}
	pkgs := testenv.Fixtures(t, "testdata/mod", "example.com/fixtures/errtext/...")
	before := findings(t, pkgs)
	// The same packages with each golden file in place of the file it
	// fixes, type-checked and analysed in process against the loaded
	// imports (no errtext fixture imports another package of the module).
	u := fixtest.Load(t, "./...")
	var fixed []*packages.Package
	for _, p := range pkgs {
		files, err := fixtest.Sources(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if data, err := os.ReadFile(f.Name + ".golden"); err == nil {
				files = fixtest.With(files, f.Name, data)
			}
		}
		fp, errs, err := u.Check(p.PkgPath, files)
		if err != nil || len(errs) > 0 {
			t.Fatalf("%s with its golden files: %v %v", p.PkgPath, err, errs)
		}
		fixed = append(fixed, fp)
	}
	after := findings(t, fixed)
	var unfixed []string
	for _, f := range before {
		if !f.fixed {
			unfixed = append(unfixed, f.message)
		}
	}
	var left []string
	for _, f := range after {
		left = append(left, f.message)
		if f.fixed {
			t.Errorf("after the fixes, a fix is still offered: %s", f.message)
		}
	}
	slices.Sort(unfixed)
	slices.Sort(left)
	if len(unfixed) == 0 || !slices.Equal(unfixed, left) {
		t.Errorf("findings left after the fixes:\n%s\nwant those that had no fix:\n%s", strings.Join(left, "\n"), strings.Join(unfixed, "\n"))
	}
}

type finding struct {
	message string
	fixed   bool
}

// findings runs the check on the errtext fixtures, pkgs.
func findings(t *testing.T, pkgs []*packages.Package) []finding {
	t.Helper()
	var out []finding
	for _, pkg := range pkgs {
		if len(pkg.Errors) > 0 {
			t.Fatalf("%s: %v", pkg.PkgPath, pkg.Errors)
		}
		for _, d := range testenv.RunLikeNogo(t, pkg, errtext.Analyzer) {
			out = append(out, finding{pkg.PkgPath + ": " + d.Message, len(d.SuggestedFixes) > 0})
		}
	}
	return out
}
