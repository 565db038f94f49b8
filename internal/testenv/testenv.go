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
