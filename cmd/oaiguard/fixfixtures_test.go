package main_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

// fixturesFixed are the fixture packages whose fixes meet: several checks'
// fixes in one file (compose/..., issue9 being the file of issue 9) and
// fixes of other checks inside the retry loops that brokenretry's fix
// replaces (brokenretry/seed and loops, compose/overlap). Every fixture
// file is checked in process by analyzer's TestFixesCompose, through the
// same merge; this test runs the real drivers, on the packages where they
// failed (each package costs a compile of its SDK imports, seconds).
var fixturesFixed = []string{"./compose/...", "./brokenretry/seed", "./brokenretry/loops"}

// TestFixFixtures runs go fix -fixtool and oaiguard -fix on a copy of the
// fixture module. Both must apply every fix (a conflict in x/tools' merge
// makes go fix exit 1 and write nothing), change the files, leave them
// parsing, gofmt-clean and building, with no fix left to offer, and agree.
func TestFixFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	src := testenv.Module(t, "testdata/mod")
	start := time.Now()
	step := func(what string) { t.Logf("%s: %v", what, time.Since(start).Round(time.Millisecond)) }

	goFix := copyFixtures(t, src, "fixfixtures-gofix")
	before := goFiles(t, goFix)
	run(t, goFix, "go", append([]string{"fix", "-fixtool=" + bin}, fixturesFixed...)...) // fails the test unless it exits 0
	afterGoFix := goFiles(t, goFix)
	step("go fix")

	standalone := copyFixtures(t, src, "fixfixtures-standalone")
	run(t, standalone, bin, append([]string{"-fix"}, fixturesFixed...)...)
	afterStandalone := goFiles(t, standalone)
	step("oaiguard -fix")

	changed := 0
	for name, old := range before {
		fixed := afterGoFix[name]
		if bytes.Equal(old, fixed) {
			continue
		}
		changed++
		if out, err := format.Source(fixed); err != nil || !bytes.Equal(out, fixed) {
			t.Errorf("%s after go fix: does not parse or is not gofmt-clean (%v)", name, err)
		}
		if !bytes.Equal(fixed, afterStandalone[name]) {
			t.Errorf("%s: go fix and oaiguard -fix disagree:\n--- go fix\n%s\n--- oaiguard -fix\n%s", name, fixed, afterStandalone[name])
		}
	}
	if changed < 5 {
		t.Errorf("go fix changed %d files, want every file of %v", changed, fixturesFixed)
	}
	for _, want := range []struct{ file, text string }{
		{"compose/issue9/issue9.go", "oaiguard.Call(ctx, c.CreateChatCompletion, r)"},
		{"compose/issue9/issue9.go", "oaiguard.IsRateLimited(err)"},
		{"compose/issue9/issue9.go", "errors.As(err, &e)"},
		{"brokenretry/seed/goopenai.go", "oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: maxRetries})"},
		{"brokenretry/seed/openaigo.go", "oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: maxRetries})"},
		{"compose/overlap/overlap.go", "oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: 3})"},
		// "429" is a rate limit's, an exhausted quota's or a request too large's.
		{"compose/errtextline/errtextline.go", "if oaiguard.IsRateLimited(err) || oaiguard.IsQuotaExhausted(err) || oaiguard.IsRequestTooLarge(err) || oaiguard.IsQuotaExhausted(err) {"},
		{"compose/errtextline/errtextline.go", "if err != nil {\n\t\tif oaiguard.IsRateLimited(err) || oaiguard.IsQuotaExhausted(err) || oaiguard.IsRequestTooLarge(err) || oaiguard.IsRateLimited(err) {"}, // msg deleted
	} {
		if !bytes.Contains(afterGoFix[want.file], []byte(want.text)) {
			t.Errorf("%s after go fix lacks %q:\n%s", want.file, want.text, afterGoFix[want.file])
		}
	}

	// A finding in code that brokenretry's loop fix keeps gets its fix in
	// the next run (analyzer's TestFixesCompose says which files).
	run(t, goFix, "go", append([]string{"fix", "-fixtool=" + bin}, fixturesFixed...)...)
	second := goFiles(t, goFix)
	for name, data := range second {
		if !bytes.Equal(data, afterGoFix[name]) && name != "compose/overlap/overlap.go" {
			t.Errorf("a second go fix changed %s", name)
		}
	}
	step("go fix again")
	run(t, goFix, "go", append([]string{"build"}, fixturesFixed...)...)
	step("go build")
	if fixes := fixesOffered(t, goFix, bin, fixturesFixed...); len(fixes) > 0 {
		t.Errorf("after go fix, fixes are still offered:\n%s", strings.Join(fixes, "\n"))
	}
	step("go vet")
	run(t, goFix, "go", append([]string{"fix", "-fixtool=" + bin}, fixturesFixed...)...)
	for name, data := range goFiles(t, goFix) {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("a third go fix changed %s", name)
		}
	}
}

// copyFixtures copies the fixture module (into testenv.StableDir, so that
// the go command reuses what it compiled last run) without its golden files, its
// replace directive pointing at this checkout.
func copyFixtures(t *testing.T, src, name string) string {
	t.Helper()
	dst := testenv.StableDir(t, name)
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if strings.HasSuffix(rel, ".golden") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if rel == "go.mod" {
			data = bytes.ReplaceAll(data, []byte("=> ../.."), []byte("=> "+testenv.Root))
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// goFiles reads the Go files under dir, by slash-separated relative name.
func goFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// fixesOffered runs go vet -vettool -json and returns the findings that
// still offer a fix.
func fixesOffered(t *testing.T, mod, bin string, patterns ...string) []string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"vet", "-vettool=" + bin, "-json"}, patterns...)...)
	cmd.Dir = mod
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, stderr.String())
	}
	var out []string
	dec := json.NewDecoder(strings.NewReader(jsonPart(stdout.String() + stderr.String())))
	for dec.More() {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err != nil {
			t.Fatalf("bad JSON: %v", err)
		}
		for _, analyzers := range pkgs {
			for name, raw := range analyzers {
				var diags []struct {
					Posn, Message  string
					SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
				}
				if json.Unmarshal(raw, &diags) != nil {
					continue
				}
				for _, d := range diags {
					if len(d.SuggestedFixes) > 0 {
						out = append(out, d.Posn+": "+name+": "+d.Message)
					}
				}
			}
		}
	}
	return out
}
