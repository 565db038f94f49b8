package errtext_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestFixedIsClean checks the fixtures with every fix applied (their
// .golden files): what is left are exactly the findings that had no fix.
func TestFixedIsClean(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the fixture module twice")
	}
	src := testenv.Module(t, "testdata/mod")
	dst := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "go.mod" {
			data = []byte(strings.ReplaceAll(string(data), "=> ../..", "=> "+testenv.Root))
		}
		if err := os.WriteFile(filepath.Join(dst, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := filepath.WalkDir(filepath.Join(src, "errtext"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path + ".golden")
		if os.IsNotExist(err) {
			data, err = os.ReadFile(path)
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	before := findings(t, src)
	after := findings(t, dst)
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

// findings runs the check on the errtext fixtures of the module at dir.
func findings(t *testing.T, dir string) []finding {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.LoadAllSyntax, Dir: dir}, "./errtext/...")
	if err != nil {
		t.Fatal(err)
	}
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
