package analyzer_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestGoldensCompile builds the fixture module with every fixed file (the
// .golden files) in place of its source: a fix that does not compile fails
// here, whatever the golden says.
func TestGoldensCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	src := testenv.Module(t, "testdata/mod")
	dst := testenv.StableDir(t, "goldens")
	goldens := 0
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		switch {
		case rel == "go.mod":
			data = []byte(strings.ReplaceAll(string(data), "=> ../..", "=> "+testenv.Root))
		case strings.HasSuffix(rel, ".go.golden"):
			rel = strings.TrimSuffix(rel, ".golden")
			goldens++
		case strings.HasSuffix(rel, ".go"):
			if _, err := os.Stat(path + ".golden"); err == nil {
				return nil // replaced by its golden
			}
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Fatal("no golden files found")
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dst
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("the fixed fixtures do not compile (%d golden files):\n%s", goldens, out)
	}
}
