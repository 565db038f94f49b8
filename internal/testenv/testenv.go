// Package testenv prepares the fixture modules that analyzer tests load
// with analysistest, which turns the module proxy off: their dependencies
// (the real SDKs) must be in the module cache first.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

// Root is the repository root.
var Root = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}()

// The fixture modules (testdata/mod, testdata/modold, example) lie under the
// repository's go.work but are not in its workspace (they replace this
// module and pin SDK versions of their own), so every go command a test runs
// on them, directly or through go/packages and analysistest, must leave the
// workspace off. Tests of this module that import testenv get GOWORK=off for
// their whole process; the analyzer module needs no workspace (it requires
// none of the runtime modules).
func init() {
	if err := os.Setenv("GOWORK", "off"); err != nil {
		panic(err)
	}
}

var downloads sync.Map // dir → *sync.Once-guarded error

type result struct {
	once sync.Once
	out  []byte
	err  error
}

// Module returns the absolute path of the fixture module at rel (relative
// to the repository root) after downloading its dependencies.
func Module(t testing.TB, rel string) string {
	t.Helper()
	dir := filepath.Join(Root, rel)
	v, _ := downloads.LoadOrStore(dir, &result{})
	r := v.(*result)
	r.once.Do(func() {
		cmd := exec.Command("go", "mod", "download")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		r.out, r.err = cmd.CombinedOutput()
	})
	if r.err != nil {
		t.Fatalf("go mod download in %s: %v\n%s", rel, r.err, r.out)
	}
	return dir
}
