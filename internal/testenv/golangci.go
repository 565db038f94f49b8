package testenv

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// GolangciVersion is the golangci-lint the end-to-end tests build with the plugin: the newest
// the module proxy serves when this was written. Its go.mod requires
// plugin-module-register v0.1.2 and x/tools v0.52.0, the versions of ours.
const (
	gclModule       = "github.com/golangci/golangci-lint/v2"
	GolangciVersion = "v2.15.0"
	thisModule      = "github.com/oaiguard/oaiguard"
	// recipe changes when GolangciLint builds differently, so that the
	// cached binary is rebuilt.
	recipe = "2"
)

// GolangciConfig is the .golangci.yml the tests run with, as README gives it, with
// extra settings for one check (%s) and the limits on repeated issues off.
const GolangciConfig = `version: "2"
linters:
  default: none
  enable: [unretried, brokenretry, errtext, errtype, transport, keyinsource, streamclose, retired, badrequest, directive]
  settings:
    custom:
      unretried:
        type: module
        description: OpenAI API calls with no retry handling
        original-url: github.com/oaiguard/oaiguard
        settings:%s
      brokenretry:
        type: module
        description: retry handling of OpenAI API calls that does not work
        original-url: github.com/oaiguard/oaiguard
      errtext:
        type: module
        description: OpenAI errors matched by their text
        original-url: github.com/oaiguard/oaiguard
      errtype:
        type: module
        description: OpenAI errors handled by a type that misses them
        original-url: github.com/oaiguard/oaiguard
      transport:
        type: module
        description: go-openai clients without the runtime's transport
        original-url: github.com/oaiguard/oaiguard
      keyinsource:
        type: module
        description: OpenAI API keys written into the source
        original-url: github.com/oaiguard/oaiguard
      streamclose:
        type: module
        description: SDK streams never closed
        original-url: github.com/oaiguard/oaiguard
      retired:
        type: module
        description: shut-down or deprecated OpenAI APIs and models
      badrequest:
        type: module
        description: requests the OpenAI API always rejects
        original-url: github.com/oaiguard/oaiguard
      directive:
        type: module
        description: //oaiguard:ignore comments that suppress nothing
        original-url: github.com/oaiguard/oaiguard
formatters:
  enable: [goimports]
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
  uniq-by-line: false
`

// GolangciLint returns a golangci-lint binary with the plugin (checks are
// golangci.Checks(), passed in so that testenv imports no check), built
// the way `golangci-lint custom` builds one, but from the module proxy
// instead of a git clone: download the golangci-lint module, copy it to a
// writable directory, import the plugin in cmd/golangci-lint/plugins.go,
// require and replace this module with this checkout, tidy, build. The
// binary is cached in the user cache dir under the golangci-lint version
// and a hash of what it is built from (the Go version, this module's go.mod
// and go.sum, and the Go files of the packages the plugin compiles in).
func GolangciLint(t testing.TB, checks []string) string {
	t.Helper()
	dir, err := os.UserCacheDir()
	if err != nil {
		t.Fatalf("no user cache dir for the golangci-lint binary: %v", err)
	}
	dir = filepath.Join(dir, "oaiguard")
	bin := filepath.Join(dir, "golangci-lint-"+GolangciVersion+"-"+pluginHash(t, checks))
	if _, err := os.Stat(bin); err == nil {
		t.Logf("golangci-lint with the plugin: %s (cached)", bin)
		return bin
	}
	start := time.Now()
	env := append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS="+strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	goCmd := func(dir string, args ...string) string {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = env
		out, err := cmd.Output()
		if err != nil {
			var stderr []byte
			if exit, ok := err.(*exec.ExitError); ok {
				stderr = exit.Stderr
			}
			t.Fatalf("go %s (in %s): %v\n%s%s", strings.Join(args, " "), dir, err, out, stderr)
		}
		return string(out)
	}

	var dl struct{ Dir, Error string }
	// Outside any module: a download of golangci-lint changes no go.mod.
	dlCmd := exec.Command("go", "mod", "download", "-json", gclModule+"@"+GolangciVersion)
	dlCmd.Dir = t.TempDir()
	dlCmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=")
	out, err := dlCmd.Output() // -json: errors are in the output too
	if jerr := json.Unmarshal(out, &dl); err != nil || jerr != nil || dl.Error != "" || dl.Dir == "" {
		t.Fatalf("go mod download %s@%s: %v %v %s\n%s", gclModule, GolangciVersion, err, jerr, dl.Error, out)
	}
	src := filepath.Join(t.TempDir(), "golangci-lint")
	CopyTree(t, dl.Dir, src, nil)
	if err := os.WriteFile(filepath.Join(src, "cmd", "golangci-lint", "plugins.go"), []byte("package main\n\n// The module plugins of this build.\nimport _ \""+thisModule+"/golangci\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	goCmd(src, "mod", "edit", "-require="+thisModule+"@v0.0.0", "-replace="+thisModule+"="+Root)
	goCmd(src, "mod", "tidy")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := bin + fmt.Sprintf(".tmp%d", os.Getpid())
	// The flags golangci-lint custom builds with; main.date makes main use
	// main.version.
	goCmd(src, "build", "-ldflags=-s -w -X main.version="+strings.TrimPrefix(GolangciVersion, "v")+"-custom-gcl-oaiguard -X main.date=oaiguard-test", "-o", tmp, "./cmd/golangci-lint")
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	t.Logf("built golangci-lint %s with the plugin in %v: %s", GolangciVersion, time.Since(start).Round(time.Second), bin)
	return bin
}

// pluginHash hashes what the golangci-lint binary is built from, besides
// golangci-lint itself.
func pluginHash(t testing.TB, checks []string) string {
	t.Helper()
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if .Module}}{{if eq .Module.Path "`+thisModule+`"}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{range .EmbedFiles}} {{.}}{{end}}
{{end}}{{end}}`, "./golangci")
	cmd.Dir = Root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./golangci: %v", err)
	}
	v, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		t.Fatalf("go env GOVERSION: %v", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %s %s %s\n", GolangciVersion, recipe, bytes.TrimSpace(v), strings.Join(checks, ","))
	files := []string{filepath.Join(Root, "go.mod"), filepath.Join(Root, "go.sum")}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		for _, f := range fields[1:] {
			files = append(files, filepath.Join(fields[0], f))
		}
	}
	for _, f := range files {
		rel, _ := filepath.Rel(Root, f)
		fmt.Fprintf(h, "%s\n", filepath.ToSlash(rel))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}
