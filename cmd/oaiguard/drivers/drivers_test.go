package drivers_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/golangci"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// A finding as every driver reports it: position (1-based line and byte
// column), check and message.
type finding struct {
	File      string
	Line, Col int
	Check     string
	Message   string
}

func (f finding) position() string { return fmt.Sprintf("%s:%d:%d", f.File, f.Line, f.Col) }
func (f finding) String() string   { return f.position() + ": " + f.Check + ": " + f.Message }

// jsonFindings reads the JSON of `oaiguard -json` and `go vet -json`: a
// stream of {package: {check: [diagnostic]}} objects, after "# package"
// comment lines; {"error": ...} entries are no findings.
func jsonFindings(t *testing.T, mod, out string) []finding {
	t.Helper()
	var got []finding
	dec := json.NewDecoder(strings.NewReader(jsonPart(out)))
	for {
		var pkgs map[string]map[string]json.RawMessage
		if err := dec.Decode(&pkgs); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("bad JSON: %v\n%s", err, out)
		}
		for _, checks := range pkgs {
			for check, raw := range checks {
				var diags []struct{ Posn, Message string }
				if json.Unmarshal(raw, &diags) != nil {
					continue
				}
				for _, d := range diags {
					got = append(got, parsePosn(t, mod, d.Posn, check, d.Message))
				}
			}
		}
	}
	return sorted(got)
}

// parsePosn reads file:line:col.
func parsePosn(t *testing.T, mod, posn, check, msg string) finding {
	t.Helper()
	rest, col, _ := cutLast(posn)
	file, line, _ := cutLast(rest)
	f := finding{File: relTo(mod, file), Check: check, Message: msg}
	var err1, err2 error
	f.Line, err1 = strconv.Atoi(line)
	f.Col, err2 = strconv.Atoi(col)
	if err1 != nil || err2 != nil {
		t.Fatalf("bad position %q", posn)
	}
	return f
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func relTo(mod, file string) string {
	if rel, err := filepath.Rel(mod, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(file)
}

func sorted(fs []finding) []finding {
	slices.SortFunc(fs, func(a, b finding) int { return strings.Compare(a.String(), b.String()) })
	return fs
}

func strs[T fmt.Stringer](xs []T) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(x.String() + "\n")
	}
	return b.String()
}

// standaloneFindings runs `oaiguard -json ./...` in mod.
func standaloneFindings(t *testing.T, mod, bin string) []finding {
	t.Helper()
	out, code := runCode(t, mod, bin, "-json", "./...")
	if code != 0 {
		t.Fatalf("oaiguard -json ./...: exit %d, want 0\n%s", code, out)
	}
	return jsonFindings(t, mod, out)
}

// TestDriversAgree runs the example module, with a finding across packages
// added, through every driver that
// reports (standalone, go vet -vettool, golangci-lint with the plugin,
// gopls check with the checks compiled in) and compares the findings:
// position, check and message; gopls check prints no check name, so there
// position and message. It also holds each driver to the exit status README
// documents for a run with findings.
func TestDriversAgree(t *testing.T) {
	t.Parallel()
	gopls := buildGopls(t) // skips with -short
	bin := buildTool(t)
	gcl := testenv.GolangciLint(t, golangci.Checks())
	mod := testenv.CopyExampleAcross(t) // with a finding that needs facts from package llm

	want := standaloneFindings(t, mod, bin)
	checks := map[string]bool{}
	for _, f := range want {
		checks[f.Check] = true
	}
	if len(checks) < 4 || !slices.ContainsFunc(want, func(f finding) bool {
		return f.File == "cross.go" && f.Line == 10 && f.Check == "unretried"
	}) || !slices.ContainsFunc(want, func(f finding) bool {
		return f.File == "extract.go" && f.Line == 15 && f.Check == "badrequest"
	}) {
		t.Fatalf("oaiguard -json: want findings of the 4 checks the example shows, unretried's at cross.go:10 and badrequest's at extract.go:15, got:\n%s", strs(want))
	}
	if !slices.ContainsFunc(want, func(f finding) bool {
		return f.File == "main.go" && f.Line == 52 && f.Check == "retired" && strings.Contains(f.Message, `model "gpt-3.5-turbo"`)
	}) {
		t.Fatalf("oaiguard -json: want retired's shut-down model at main.go:52, got:\n%s", strs(want))
	}
	if _, _, code := runCode3(t, mod, bin, "./..."); code != 3 {
		t.Errorf("oaiguard ./... with findings: exit %d, want 3", code)
	}

	// go vet -vettool: -json prints the findings and exits 0; text exits 1.
	out, errOut, code := runCode3(t, mod, "go", "vet", "-vettool="+bin, "-json", "./...")
	if code != 0 {
		t.Errorf("go vet -vettool -json: exit %d, want 0\n%s", code, errOut)
	}
	if got := jsonFindings(t, mod, out+errOut); !slices.Equal(got, want) {
		t.Errorf("go vet -vettool -json:\n%swant (oaiguard -json):\n%s", strs(got), strs(want))
	}
	if _, _, code := runCode3(t, mod, "go", "vet", "-vettool="+bin, "./..."); code != 1 {
		t.Errorf("go vet -vettool with findings: exit %d, want 1", code)
	}

	// golangci-lint run: exit 1 with findings.
	if err := os.WriteFile(filepath.Join(mod, ".golangci.yml"), fmt.Appendf(nil, testenv.GolangciConfig, " {}"), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "issues.json")
	cmd := exec.Command(gcl, "run", "--output.json.path="+report, "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	gclOut, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != 1 {
		t.Fatalf("golangci-lint run: exit %d (%v), want 1\n%s", code, err, gclOut)
	}
	var issues struct {
		Issues []struct {
			FromLinter, Text string
			Pos              struct {
				Filename     string
				Line, Column int
			}
		}
	}
	if err := json.Unmarshal(readFile(t, report), &issues); err != nil {
		t.Fatalf("golangci-lint's JSON: %v", err)
	}
	var got []finding
	for _, is := range issues.Issues {
		got = append(got, finding{relTo(mod, is.Pos.Filename), is.Pos.Line, is.Pos.Column, is.FromLinter, is.Text})
	}
	if got = sorted(got); !slices.Equal(got, want) {
		t.Errorf("golangci-lint run:\n%swant (oaiguard -json):\n%s", strs(got), strs(want))
	}

	// gopls check FILES: exit 0, findings printed as file:line:col-col: message.
	var files []string
	for _, f := range want {
		if !slices.Contains(files, f.File) {
			files = append(files, f.File)
		}
	}
	out, code = runCode(t, mod, gopls, append([]string{"check"}, files...)...)
	if code != 0 {
		t.Errorf("gopls check: exit %d, want 0", code)
	}
	var wantGopls []string
	for _, f := range want {
		wantGopls = append(wantGopls, f.position()+": "+f.Message)
	}
	slices.Sort(wantGopls)
	if gotGopls := goplsCheckFindings(t, mod, out); !slices.Equal(gotGopls, wantGopls) {
		t.Errorf("gopls check:\n%s\nwant (oaiguard -json):\n%s", strings.Join(gotGopls, "\n"), strings.Join(wantGopls, "\n"))
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
