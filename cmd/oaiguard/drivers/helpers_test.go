// Package drivers_test runs oaiguard's checks through the drivers that are
// built with them (gopls, golangci-lint) and compares every driver's
// findings; it is its own package so that its slow builds and runs have a
// test timeout of their own, apart from cmd/oaiguard's end-to-end tests.
package drivers_test

import (
	"os"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

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
