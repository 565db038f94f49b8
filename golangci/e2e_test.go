package golangci_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/oaiguard/oaiguard/golangci"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// The cross-package finding of testenv.CopyExampleAcross.
const (
	crossLine = "cross.go:10:unretried"
	// retiredLine is the example's shut-down model, which golangci-lint
	// must report under the check's own name.
	retiredLine = "main.go:52:retired"
	// badLine is the example's request the API always rejects.
	badLine = "extract.go:15:badrequest"
)

// TestGolangciLint builds golangci-lint with the plugin (or takes it from
// the user cache dir) and runs it on a copy of the example module: the
// findings are those of `oaiguard -json ./...`, //nolint:<check> suppresses
// per check, a bad setting fails clearly, SARIF is written, and --fix leaves
// code that builds and lints clean.
func TestGolangciLint(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the golangci-lint end-to-end test, which builds golangci-lint with the plugin (about 100 s cold, then cached in the user cache dir)")
	}
	gcl := testenv.GolangciLint(t, golangci.Checks())
	if v := run(t, ".", gcl, "version"); !strings.Contains(v, strings.TrimPrefix(testenv.GolangciVersion, "v")+"-custom-gcl-oaiguard") {
		t.Errorf("golangci-lint version: %s", v)
	}
	oaiguard := buildOaiguard(t)
	mod := copyExample(t)
	cache := t.TempDir() // golangci-lint's cache, shared by this test's runs

	// Findings: the same set as the standalone driver's, cross-package too.
	want := standaloneFindings(t, mod, oaiguard)
	if !slices.ContainsFunc(want, func(f string) bool { return strings.HasPrefix(f, crossLine+":") }) {
		t.Fatalf("oaiguard finds nothing at %s (the cross-package case); findings:\n%s", crossLine, strings.Join(want, "\n"))
	}
	if !slices.ContainsFunc(want, func(f string) bool { return strings.HasPrefix(f, retiredLine+":model \"gpt-3.5-turbo\"") }) {
		t.Fatalf("oaiguard finds no shut-down model at %s; findings:\n%s", retiredLine, strings.Join(want, "\n"))
	}
	if !slices.ContainsFunc(want, func(f string) bool { return strings.HasPrefix(f, badLine+":") }) {
		t.Fatalf("oaiguard finds nothing at %s; findings:\n%s", badLine, strings.Join(want, "\n"))
	}
	writeConfig(t, mod, "")
	got, _ := lint(t, gcl, mod, cache)
	if !slices.Equal(got, want) {
		t.Errorf("golangci-lint run:\n%s\nwant (oaiguard -json):\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	t.Run("nolint", func(t *testing.T) { testNolint(t, gcl, mod, cache, want) })
	t.Run("settings", func(t *testing.T) { testSettings(t, gcl, mod, cache, want) })
	t.Run("sarif", func(t *testing.T) { testSARIF(t, gcl, mod, cache, want) })
	t.Run("fix", func(t *testing.T) { testFix(t, gcl, mod, cache, oaiguard) })
}

// testNolint: //nolint:unretried hides that finding and no other; a
// //nolint for other checks on a line hides nothing of unretried; the
// checks' own //oaiguard:ignore works as in every driver.
func testNolint(t *testing.T, gcl, mod, cache string, want []string) {
	hidden := map[string]bool{}
	comment := func(file, check, text string, hides bool) {
		t.Helper()
		name := filepath.Join(mod, file)
		orig := readFile(t, name)
		t.Cleanup(func() { os.WriteFile(name, orig, 0o644) })
		line := lineOf(t, want, file+":", check)
		appendComment(t, name, line, text)
		if hides {
			hidden[fmt.Sprintf("%s:%d:%s:", file, line, check)] = true
		}
	}
	comment("models.go", "unretried", "//nolint:unretried // the test's", true)
	comment("main.go", "unretried", "//nolint:errtext,brokenretry // not unretried", false)
	comment("moderate.go", "unretried", "//oaiguard:ignore unretried the test's", true)

	got, _ := lint(t, gcl, mod, cache)
	var wantNow []string
	for _, f := range want {
		parts := strings.SplitN(f, ":", 4)
		if !hidden[strings.Join(parts[:3], ":")+":"] {
			wantNow = append(wantNow, f)
		}
	}
	if len(wantNow) != len(want)-2 {
		t.Fatalf("hid %d findings of %d, want 2", len(want)-len(wantNow), len(want))
	}
	if !slices.Equal(got, wantNow) {
		t.Errorf("with //nolint:unretried in models.go, //nolint:errtext,brokenretry in main.go and //oaiguard:ignore unretried in moderate.go:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantNow, "\n"))
	}
}

// testSettings: settings reach the check (unretried's atcall moves the
// cross-package finding into package llm), and an unknown one stops
// golangci-lint with a message that names it.
func testSettings(t *testing.T, gcl, mod, cache string, want []string) {
	defer writeConfig(t, mod, "")
	writeConfig(t, mod, "\n          atcall: true")
	got, _ := lint(t, gcl, mod, cache)
	if slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, crossLine+":") }) ||
		!slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, "llm/llm.go:11:unretried:") }) {
		t.Errorf("with atcall: true, want the finding at llm/llm.go:11, not %s:\n%s", crossLine, strings.Join(got, "\n"))
	}

	writeConfig(t, mod, "\n          atcal: true")
	out, code := runGCL(t, gcl, mod, cache, "run", "./...")
	if code == 0 || code == 1 {
		t.Errorf("unknown setting: exit %d, want a failure (not 0, nor 1 for findings)", code)
	}
	for _, w := range []string{"plugin(unretried)", `unknown field "atcal"`, "atcall, runtime, strict"} {
		if !strings.Contains(out, w) {
			t.Errorf("unknown setting: output lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "panic") {
		t.Errorf("unknown setting: panic:\n%s", out)
	}
}

// testSARIF: --output.sarif.path writes a SARIF 2.1.0 log (valid against the
// schema cmd/oaiguard's tests bundle) with one result per finding, ruleId
// the check.
func testSARIF(t *testing.T, gcl, mod, cache string, want []string) {
	path := filepath.Join(t.TempDir(), "out.sarif")
	out, code := runGCL(t, gcl, mod, cache, "run", "--output.sarif.path="+path, "./...")
	if code != 1 {
		t.Fatalf("golangci-lint run --output.sarif.path: exit %d, want 1 (findings)\n%s", code, out)
	}
	data := readFile(t, path)
	schema := testenv.SARIFSchema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("SARIF output is not JSON: %v\n%s", err, data)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("golangci-lint's SARIF is not SARIF 2.1.0: %v", err)
	}
	var log struct {
		Version string
		Runs    []struct {
			Results []struct {
				RuleID  string
				Message struct{ Text string }
			}
		}
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("SARIF version %q, %d runs; want 2.1.0, 1 run", log.Version, len(log.Runs))
	}
	var got, wantChecks []string
	for _, r := range log.Runs[0].Results {
		got = append(got, r.RuleID)
		if r.Message.Text == "" {
			t.Errorf("SARIF result of %s without a message", r.RuleID)
		}
	}
	for _, f := range want {
		wantChecks = append(wantChecks, strings.Split(f, ":")[2])
	}
	slices.Sort(got)
	slices.Sort(wantChecks)
	if !slices.Equal(got, wantChecks) {
		t.Errorf("SARIF ruleIds %v, want %v", got, wantChecks)
	}
}

// testFix: golangci-lint run --fix applies the fixes in one pass, skipping
// none; the module then builds, its files are what `oaiguard -fix` writes,
// a re-run finds only what oaiguard finds after its -fix (the findings that
// have no fix), and a second --fix changes nothing.
func testFix(t *testing.T, gcl, mod, cache, oaiguard string) {
	ref := copyExample(t)
	run(t, ref, oaiguard, "-fix", "./...")
	left := standaloneFindings(t, ref, oaiguard)
	if !slices.ContainsFunc(left, func(f string) bool { return strings.HasPrefix(f, crossLine+":") }) {
		t.Errorf("oaiguard -fix fixed %s, which has no fix when this test was written: update the test", crossLine)
	}

	out, code := runGCL(t, gcl, mod, cache, "run", "--fix", "./...")
	t.Logf("golangci-lint run --fix: exit %d\n%s", code, out)
	if code != 0 && code != 1 || strings.Contains(out, "skipped") || strings.Contains(out, "level=warning") {
		t.Errorf("golangci-lint run --fix: exit %d, or warned or skipped fixes:\n%s", code, out)
	}
	run(t, mod, "go", "build", "./...")
	for _, name := range goFiles(t, ref) {
		if g, w := readFile(t, filepath.Join(mod, name)), readFile(t, filepath.Join(ref, name)); !bytes.Equal(g, w) {
			t.Errorf("%s after golangci-lint run --fix differs from oaiguard -fix:\n%s\nwant:\n%s", name, g, w)
		}
	}
	if got, _ := lint(t, gcl, mod, cache); !slices.Equal(got, left) {
		t.Errorf("findings after --fix:\n%s\nwant those oaiguard leaves after -fix:\n%s", strings.Join(got, "\n"), strings.Join(left, "\n"))
	}

	fixed := map[string][]byte{}
	for _, name := range goFiles(t, mod) {
		fixed[name] = readFile(t, filepath.Join(mod, name))
	}
	runGCL(t, gcl, mod, cache, "run", "--fix", "./...")
	for name, src := range fixed {
		if !bytes.Equal(readFile(t, filepath.Join(mod, name)), src) {
			t.Errorf("a second golangci-lint run --fix changed %s", name)
		}
	}
}

// lint runs golangci-lint on mod and returns its findings as
// file:line:check:message, sorted; it fails on anything but exit 0 or 1.
func lint(t *testing.T, gcl, mod, cache string) ([]string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "issues.json")
	out, code := runGCL(t, gcl, mod, cache, "run", "--output.json.path="+path, "./...")
	if code != 0 && code != 1 {
		t.Fatalf("golangci-lint run: exit %d\n%s", code, out)
	}
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename string
				Line     int
			}
		}
	}
	if err := json.Unmarshal(readFile(t, path), &report); err != nil {
		t.Fatalf("golangci-lint's JSON: %v", err)
	}
	var got []string
	for _, is := range report.Issues {
		name := is.Pos.Filename
		if filepath.IsAbs(name) {
			name, _ = filepath.Rel(mod, name)
		}
		got = append(got, fmt.Sprintf("%s:%d:%s:%s", filepath.ToSlash(name), is.Pos.Line, is.FromLinter, is.Text))
	}
	slices.Sort(got)
	if (code == 1) != (len(got) > 0) {
		t.Errorf("golangci-lint run: exit %d with %d findings", code, len(got))
	}
	return got, out
}

// runGCL runs golangci-lint in mod with its cache in cache, returning its
// combined output and exit status.
func runGCL(t *testing.T, gcl, mod, cache string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(gcl, args...)
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+cache)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("golangci-lint %v: %v\n%s", args, err, out)
	return "", 0
}

// standaloneFindings runs `oaiguard -json ./...` and returns its findings
// as lint does.
func standaloneFindings(t *testing.T, mod, bin string) []string {
	t.Helper()
	out := run(t, mod, bin, "-json", "./...")
	var got []string
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("oaiguard -json: %v\n%s", err, out)
		}
		for _, checks := range pkgs {
			for check, raw := range checks {
				var diags []struct{ Posn, Message string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("oaiguard -json: %s: %s", check, raw)
				}
				for _, d := range diags {
					rel, _ := filepath.Rel(mod, d.Posn)
					file, rest, _ := strings.Cut(filepath.ToSlash(rel), ":")
					line, _, _ := strings.Cut(rest, ":")
					got = append(got, file+":"+line+":"+check+":"+d.Message)
				}
			}
		}
	}
	slices.Sort(got)
	return got
}

// lineOf returns the line of the first finding of check in a file with the
// given prefix.
func lineOf(t *testing.T, findings []string, prefix, check string) int {
	t.Helper()
	for _, f := range findings {
		parts := strings.SplitN(f, ":", 4)
		if strings.HasPrefix(f, prefix) && parts[2] == check {
			var n int
			fmt.Sscan(parts[1], &n)
			return n
		}
	}
	t.Fatalf("no %s finding in %s*", check, prefix)
	return 0
}

func appendComment(t *testing.T, name string, line int, comment string) {
	t.Helper()
	lines := strings.Split(string(readFile(t, name)), "\n")
	lines[line-1] += " " + comment
	if err := os.WriteFile(name, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeConfig(t *testing.T, mod, unretriedSettings string) {
	t.Helper()
	if unretriedSettings == "" {
		unretriedSettings = " {}"
	}
	if err := os.WriteFile(filepath.Join(mod, ".golangci.yml"), fmt.Appendf(nil, testenv.GolangciConfig, unretriedSettings), 0o644); err != nil {
		t.Fatal(err)
	}
}

// copyExample copies the example module with package llm and a call of
// it (testenv.CopyExampleAcross).
func copyExample(t *testing.T) string {
	t.Helper()
	return testenv.CopyExampleAcross(t)
}

func goFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(dir, path)
			names = append(names, rel)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

var oaiguardOnce = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "oaiguard-gcl")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "oaiguard")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/oaiguard")
	cmd.Dir = testenv.Root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/oaiguard: %v\n%s", err, out)
	}
	return bin, nil
})

func buildOaiguard(t *testing.T) string {
	t.Helper()
	bin, err := oaiguardOnce()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(filepath.Dir(bin)) })
	return bin
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
