package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

// The example module's findings: file:line analyzer.
var wantFindings = []string{
	"extract.go:13 retired",
	"extract.go:15 badrequest",
	"main.go:19 transport",
	"main.go:51 unretried",
	"main.go:52 retired",
	"main.go:62 unretried",
	"main.go:79 brokenretry",
	"main.go:80 brokenretry",
	"models.go:24 unretried",
	"moderate.go:15 unretried",
	"moderate.go:17 errtext",
	"moderate.go:20 errtype",
	"stream.go:14 keyinsource",
	"stream.go:20 streamclose",
	"stream.go:31 errtype",
}

// The findings that have no fix, left after go fix: a request the API
// always rejects (badrequest has no fix), a key in source (it must be
// revoked, which no edit does), a code OpenAI never sends and a shut-down
// model (only the author knows which one was meant); the runtime's import
// moved the model down a line, and streamclose's fix the code.
var wantAfterFix = []string{
	"extract.go:13 retired",
	"extract.go:15 badrequest",
	"main.go:53 retired",
	"stream.go:14 keyinsource",
	"stream.go:32 errtype",
}

// TestEndToEnd runs the real drivers on a copy of the example module: go vet
// with the tool, go fix with the tool, go build on the result, and go vet
// again, which must find nothing; a second go fix must change nothing.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := testenv.CopyExample(t)

	got := vetFindings(t, mod, bin)
	if !slices.Equal(got, wantFindings) {
		t.Fatalf("go vet -vettool findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantFindings, "\n"))
	}

	run(t, mod, "go", "fix", "-fixtool="+bin, "./...")
	fixed := snapshot(t, mod)
	run(t, mod, "go", "build", "./...")
	if got := vetFindings(t, mod, bin); !slices.Equal(got, wantAfterFix) {
		t.Errorf("findings after go fix:\n%s\nwant only those without a fix:\n%s", strings.Join(got, "\n"), strings.Join(wantAfterFix, "\n"))
	}
	for name, src := range fixed {
		// models.go's and stream.go's fixes need no runtime; extract.go has no fix.
		if strings.HasSuffix(name, ".go") && !bytes.Contains(src, []byte("oaiguard")) && name != "models.go" && name != "stream.go" && name != "extract.go" {
			t.Errorf("%s: fix did not use the runtime", name)
		}
	}

	run(t, mod, "go", "fix", "-fixtool="+bin, "./...")
	again := snapshot(t, mod)
	for name, src := range fixed {
		if !bytes.Equal(src, again[name]) {
			t.Errorf("second go fix changed %s", name)
		}
	}
}

// TestStandalone runs the binary the three other ways users run it.
func TestStandalone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := testenv.CopyExample(t)

	// oaiguard -json ./...
	out := run(t, mod, bin, "-json", "./...")
	if got := parseFindings(t, mod, out); !slices.Equal(got, wantFindings) {
		t.Errorf("oaiguard -json: %v, want %v", got, wantFindings)
	}

	// go tool oaiguard: the example declares the tool in its go.mod.
	cmd := exec.Command("go", "tool", "oaiguard", "./...")
	cmd.Dir = mod
	text, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Errorf("go tool oaiguard: %v (want exit status 3, for findings)\n%s", err, text)
	}
	if n := strings.Count(string(text), "has no retry handling"); n != 4 {
		t.Errorf("go tool oaiguard printed %d unretried findings, want 4:\n%s", n, text)
	}

	// oaiguard -fix -diff prints the fixes and changes nothing.
	before := snapshot(t, mod)
	cmd = exec.Command(bin, "-fix", "-diff", "./...")
	cmd.Dir = mod
	diff, _ := cmd.CombinedOutput()
	for _, want := range []string{"+\t\"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard\"", "oaiguardgo.Call(ctx, c.CreateChatCompletion,", "var legacy = oaiguardgo.NewClient(os.Getenv(\"OPENAI_API_KEY\"))", "oaiguard.WithPolicy(ctx, oaiguard.Policy{MaxAttempts: 5})"} {
		if !strings.Contains(string(diff), want) {
			t.Errorf("-fix -diff output lacks %q:\n%s", want, diff)
		}
	}
	// -diff alone is the same (it implies -fix).
	cmd = exec.Command(bin, "-diff", "./...")
	cmd.Dir = mod
	if alone, _ := cmd.CombinedOutput(); !bytes.Equal(alone, diff) {
		t.Errorf("-diff alone printed\n%s\nwhere -fix -diff printed\n%s", alone, diff)
	}
	after := snapshot(t, mod)
	for name := range before {
		if !bytes.Equal(before[name], after[name]) {
			t.Errorf("-diff changed %s", name)
		}
	}
}

// TestBadInput checks that mistakes get a clear error, not a panic.
func TestBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool")
	}
	bin := buildTool(t)
	mod := testenv.CopyExample(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-nosuchflag", "./..."}, "flag provided but not defined: -nosuchflag"},
		{[]string{"./nosuchdir"}, "nosuchdir"},
		{[]string{"help", "nosuchcheck"}, "nosuchcheck"},
		{[]string{"-unretried.runtime=my runtime", "./..."}, `invalid value "my runtime" for flag -unretried.runtime: "my runtime" is not an import path`},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = mod
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("oaiguard %v: succeeded, want an error", tc.args)
		}
		if !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "panic") {
			t.Errorf("oaiguard %v: output lacks %q or panicked:\n%s", tc.args, tc.want, out)
		}
	}
	// A package that does not type-check: reported, no panic.
	broken := filepath.Join(mod, "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	src := "package broken\n\nfunc f() { undefinedCall() }\n"
	if err := os.WriteFile(filepath.Join(broken, "b.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "./broken")
	cmd.Dir = mod
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "undefined: undefinedCall") || strings.Contains(string(out), "panic") {
		t.Errorf("type error not reported clearly:\n%s", out)
	}
}

func TestHelp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool")
	}
	bin := buildTool(t)
	out := run(t, ".", bin, "help", "unretried")
	for _, want := range []string{"OpenAI API call with no retry handling", "oaiguard.Call(ctx, client.CreateChatCompletion, req)", "//oaiguard:ignore unretried"} {
		if !strings.Contains(out, want) {
			t.Errorf("help unretried lacks %q:\n%s", want, out)
		}
	}
}

// The shared command helpers, under the names the tests use.
var (
	buildTool = testenv.Tool
	run       = testenv.Run
	runCode   = testenv.RunCode
	runCode3  = testenv.RunCode3
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveTool()
	os.Exit(code)
}

func vetFindings(t *testing.T, mod, bin string) []string {
	t.Helper()
	cmd := exec.Command("go", "vet", "-vettool="+bin, "-json", "./...")
	cmd.Dir = mod
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("go vet: %v\n%s%s", err, stdout.String(), stderr.String())
	}
	return parseFindings(t, mod, stdout.String()+stderr.String())
}

// parseFindings reads the JSON of go vet -json and oaiguard -json: a stream
// of {package: {analyzer: [diagnostic]}} objects, possibly after comments.
func parseFindings(t *testing.T, mod, out string) []string {
	t.Helper()
	var got []string
	dec := json.NewDecoder(strings.NewReader(jsonPart(out)))
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON: %v\n%s", err, out)
		}
		for _, analyzers := range pkgs {
			for name, raw := range analyzers {
				var diags []struct{ Posn string }
				if err := json.Unmarshal(raw, &diags); err != nil {
					continue // {"error": ...} entries are not findings
				}
				for _, d := range diags {
					rel, _ := filepath.Rel(mod, d.Posn)
					file, rest, _ := strings.Cut(rel, ":")
					line, _, _ := strings.Cut(rest, ":")
					got = append(got, file+":"+line+" "+name)
				}
			}
		}
	}
	slices.Sort(got)
	return got
}

// jsonPart drops the "# package" comment lines go vet prints before JSON.
func jsonPart(s string) string {
	var b strings.Builder
	for line := range strings.Lines(s) {
		if !strings.HasPrefix(line, "#") {
			b.WriteString(line)
		}
	}
	return b.String()
}

func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".go") || e.Name() == "go.mod") {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = data
		}
	}
	return files
}

// TestStandaloneTestFiles: a package whose test files do not compile is
// analysed all the same, since the standalone driver loads no test variants
// (test files are never checked); with -test, each variant that cannot be
// analysed gets one line, and no "failed prerequisites".
func TestStandaloneTestFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := testenv.CopyExample(t)
	if err := os.WriteFile(filepath.Join(mod, "broken_test.go"), []byte("package main\n\nfunc TestX(t *testing.T) { undefinedCall() }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := run(t, mod, bin, "-json", "./...")
	if got := parseFindings(t, mod, out); !slices.Equal(got, wantFindings) {
		t.Errorf("oaiguard -json with test files that do not compile: %v, want %v", got, wantFindings)
	}
	cmd := exec.Command(bin, "-test", "./...")
	cmd.Dir = mod
	text, _ := cmd.CombinedOutput()
	lines := 0
	for l := range strings.Lines(string(text)) {
		if strings.Contains(l, "not analysed") {
			lines++
		}
	}
	if lines == 0 || lines > 2 || strings.Contains(string(text), "failed prerequisites") || strings.Count(string(text), "has no retry handling") != 4 {
		t.Errorf("oaiguard -test: want one line per test variant that cannot be analysed and the findings:\n%s", text)
	}
}

// TestStandaloneBrokenDependency: a package that type-checks but imports
// one that does not is not analysed, and the line about it names that
// dependency and its first error (the checker says only "analysis skipped
// due to errors in package", once per check).
func TestStandaloneBrokenDependency(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	bin := buildTool(t)
	mod := t.TempDir()
	for name, src := range map[string]string{
		"go.mod":   "module example.com/skip\n\ngo 1.24\n",
		"b/b.go":   "package b\n\nfunc B() int { return \"x\" }\n",
		"a/a.go":   "package a\n\nimport \"example.com/skip/b\"\n\nfunc A() int { return b.B() }\n",
		"ok/ok.go": "package ok\n\nfunc OK() int { return 1 }\n",
		"c/c.go":   "package c\n\nfunc C() int { return \"x\" }\n\nfunc D() string { return 1 }\n",
	} {
		path := filepath.Join(mod, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "./...")
	cmd.Dir = mod
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Errorf("exit status %d (%v), want 1:\n%s", code, err, out)
	}
	text := string(out)
	want := `example.com/skip/a not analysed: its dependency example.com/skip/b has errors: b/b.go:3:23: cannot use "x"`
	if !strings.Contains(text, want) || strings.Contains(text, "analysis skipped") || strings.Contains(text, "example.com/skip/ok") {
		t.Errorf("want a line %q, no \"analysis skipped\" and nothing about the package that builds:\n%s", want, text)
	}
	// A broken package's own line says each of its errors once: the go
	// command's error and the type checker's say the same thing, and
	// "(and N more)" counted them twice.
	for _, w := range []string{
		`example.com/skip/b not analysed: b/b.go:3:23: cannot use "x" (untyped string constant) as int value in return statement` + "\n",
		`example.com/skip/c not analysed: c/c.go:3:23: cannot use "x" (untyped string constant) as int value in return statement; c/c.go:5:26: cannot use 1`,
	} {
		if !strings.Contains(text, w) {
			t.Errorf("want a line with %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "more)") {
		t.Errorf("every error is shown, yet the output says there are more:\n%s", text)
	}
}
