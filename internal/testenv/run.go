package testenv

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	toolMu   sync.Mutex
	toolPath string
)

// Tool builds cmd/oaiguard once per test binary and returns its path;
// RemoveTool, from TestMain, deletes it. Parallel tests share the build.
func Tool(t testing.TB) string {
	t.Helper()
	toolMu.Lock()
	defer toolMu.Unlock()
	if toolPath != "" {
		return toolPath
	}
	dir, err := os.MkdirTemp("", "oaiguard-e2e")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "oaiguard")
	Run(t, Root, "go", "build", "-o", bin, "./cmd/oaiguard")
	toolPath = bin
	return bin
}

// RemoveTool deletes what Tool built.
func RemoveTool() {
	if toolPath != "" {
		os.RemoveAll(filepath.Dir(toolPath))
	}
}

// Run runs a command in dir and returns its combined output; it fails
// the test unless the command succeeds.
func Run(t testing.TB, dir, name string, args ...string) string {
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

// RunCode runs a command and returns its stdout and exit status; it logs
// stderr.
func RunCode(t testing.TB, dir, name string, args ...string) (string, int) {
	t.Helper()
	out, errOut, code := RunCode3(t, dir, name, args...)
	if errOut != "" {
		t.Logf("%s %v: stderr:\n%s", name, args, errOut)
	}
	return out, code
}

// RunCode3 runs a command and returns its stdout, stderr and exit status;
// it fails the test only when the command cannot run.
func RunCode3(t testing.TB, dir, name string, args ...string) (stdout, stderr string, code int) {
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
