// Package drivers_test runs oaiguard's checks through the drivers that are
// built with them (gopls, golangci-lint) and compares every driver's
// findings; it is its own package so that its slow builds and runs have a
// test timeout of their own, apart from cmd/oaiguard's end-to-end tests.
package drivers_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

var toolPath string

// buildTool builds cmd/oaiguard once per test binary.
func buildTool(t *testing.T) string {
	t.Helper()
	if toolPath != "" {
		return toolPath
	}
	dir, err := os.MkdirTemp("", "oaiguard-drivers")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "oaiguard")
	run(t, testenv.Root, "go", "build", "-o", bin, "./cmd/oaiguard")
	toolPath = bin
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if toolPath != "" {
		os.RemoveAll(filepath.Dir(toolPath))
	}
	os.Exit(code)
}

// run runs a command and returns its combined output; it fails the test
// unless the command succeeds.
func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// runCode runs a command and returns its stdout and exit status; it logs
// stderr.
func runCode(t *testing.T, dir, name string, args ...string) (string, int) {
	t.Helper()
	out, errOut, code := runCode3(t, dir, name, args...)
	if errOut != "" {
		t.Logf("%s %v: stderr:\n%s", name, args, errOut)
	}
	return out, code
}

func runCode3(t *testing.T, dir, name string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return o.String(), e.String(), 0
	case errors.As(err, &exit):
		return o.String(), e.String(), exit.ExitCode()
	}
	t.Fatalf("%s: %v", name, err)
	return "", "", -1
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
