package crosstest

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestRuntimesOnLowestVersions runs each runtime module's tests on its
// own, outside the workspace, so on the lowest Go and SDK versions its
// go.mod requires (in the workspace they build with the newest, which the
// root go.mod pins): CI's job on the lowest versions, inside the one test
// command.
func TestRuntimesOnLowestVersions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the runtime modules' tests on their lowest SDK versions")
	}
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	for _, m := range []string{"runtime/openaigo", "runtime/goopenai", "runtime/redisstore"} {
		t.Run(filepath.Base(m), func(t *testing.T) {
			cmd := exec.Command("go", "test", "-count=1", "-timeout", "20m", "./...")
			cmd.Dir = filepath.Join(root, m)
			cmd.Env = append(os.Environ(), "GOWORK=off")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("GOWORK=off go test ./... in %s: %v\n%s", m, err, out)
			}
			if !strings.Contains(string(out), "ok ") {
				t.Fatalf("GOWORK=off go test ./... in %s ran no tests:\n%s", m, out)
			}
			t.Logf("%s:\n%s", m, out)
		})
	}
}
