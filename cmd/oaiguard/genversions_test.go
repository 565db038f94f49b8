package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// goOpenAIMain is a go-openai user's program that every go-openai version
// the tests use compiles.
const goOpenAIMain = `package main

import (
	"context"
	"fmt"

	openai "github.com/sashabaranov/go-openai"
)

func main() {
	c := openai.NewClient("k")
	resp, err := c.CreateChatCompletion(context.Background(), openai.ChatCompletionRequest{
		Model:    "gpt-5.2", // a current model; older go-openai versions have no constant for it
		Messages: []openai.ChatCompletionMessage{{Role: openai.ChatMessageRoleUser, Content: "hi"}},
	})
	fmt.Println(resp, err)
}
`

// goOpenAIModule makes a user's module on go line goLine requiring
// go-openai at version, with a complete go.sum.
func goOpenAIModule(t *testing.T, goLine, version string) string {
	t.Helper()
	mod := t.TempDir()
	write(t, mod, "go.mod", "module example.com/user\n\ngo "+goLine+"\n\nrequire github.com/sashabaranov/go-openai "+version+"\n")
	write(t, mod, "main.go", goOpenAIMain)
	run(t, mod, "go", "mod", "tidy")
	if m := readMod(t, mod); m.Go == nil || m.Go.Version != goLine {
		t.Fatalf("go mod tidy changed the go line to %v; want %s", m.Go, goLine)
	}
	return mod
}

// withToolchain runs the go command of Go release toolchain (a module the
// go command fetches like any other, "go1.21.13") in dir.
func withToolchain(t *testing.T, dir, toolchain string, args ...string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+toolchain)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("GOTOOLCHAIN=%s go %s: %v\n%s", toolchain, strings.Join(args, " "), err, out)
	}
}

// genRefused runs oaiguard gen where it must refuse: it fails, its message
// has every one of want, and nothing was written (the module builds as
// before).
func genRefused(t *testing.T, bin, mod string, want ...string) {
	t.Helper()
	stdout, stderr, code := runCode3(t, mod, bin, "gen")
	if code == 0 {
		t.Fatalf("oaiguard gen succeeded; want it to refuse\n%s%s", stdout, stderr)
	}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("oaiguard gen's message lacks %q:\n%s", w, stderr)
		}
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "runtimegen:") {
		t.Errorf("oaiguard gen's message is not one for users:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(mod, "internal")); !os.IsNotExist(err) {
		t.Errorf("oaiguard gen refused but wrote internal/: %v", err)
	}
	run(t, mod, "go", "build", "./...")
}

// imports reports whether a file of the generated runtime imports path.
func imports(t *testing.T, dir, path string) bool {
	t.Helper()
	for name, src := range snapshot(t, dir) {
		if strings.HasSuffix(name, ".go") && strings.Contains(string(src), "\t\""+path+"\"\n") {
			return true
		}
	}
	return false
}

// TestGenOldGoOpenAI: in a module on a go-openai older than the checked-in
// runtime's v1.42.0, gen writes a runtime without the Responses validator
// that builds, down to v1.36.0; below that it refuses, naming the version,
// the lowest supported and the go get command, which then works.
func TestGenOldGoOpenAI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)

	mod := goOpenAIModule(t, "1.22", "v1.41.2")
	out := run(t, mod, bin, "gen")
	if !strings.Contains(out, "v1.41.2 has no Responses API") {
		t.Errorf("gen does not say the runtime leaves the Responses API out:\n%s", out)
	}
	rt := filepath.Join(mod, "internal", "oaiguard")
	src, err := os.ReadFile(filepath.Join(rt, "validate_sdk.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "func validateChatCompletionRequest(") || strings.Contains(string(src), "CreateResponseRequest") {
		t.Errorf("validate_sdk.go for v1.41.2: want the chat validator and no Responses one")
	}
	run(t, mod, "go", "build", "./...")
	run(t, mod, "go", "vet", "./...")

	old := goOpenAIModule(t, "1.22", "v1.32.0")
	genRefused(t, bin, old, "requires github.com/sashabaranov/go-openai v1.32.0", "v1.36.0 or later", "go get github.com/sashabaranov/go-openai@v1.42.0")
	run(t, old, "go", "get", "github.com/sashabaranov/go-openai@v1.42.0")
	run(t, old, bin, "gen")
	run(t, old, "go", "build", "./...")
}

// TestGenOldGoLine: gen refuses a go line without log/slog (go 1.20) with
// the command that raises it, which then works; on go 1.21 the runtime
// imports math/rand, not math/rand/v2, and builds with the Go 1.21
// toolchain itself; on go 1.22 (the happy path) with Go 1.22's.
func TestGenOldGoLine(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command, with Go 1.21 and 1.22 toolchains")
	}
	t.Parallel()
	bin := buildTool(t)

	mod := goOpenAIModule(t, "1.20", "v1.42.0")
	genRefused(t, bin, mod, "says go 1.20", "go 1.21 or later", "log/slog", "go mod edit -go=1.21")
	run(t, mod, "go", "mod", "edit", "-go=1.21")
	out := run(t, mod, bin, "gen")
	if !strings.Contains(out, "math/rand") {
		t.Errorf("gen on go 1.21 does not say the runtime uses math/rand:\n%s", out)
	}
	rt := filepath.Join(mod, "internal", "oaiguard")
	if imports(t, rt, "math/rand/v2") || !imports(t, rt, "math/rand") {
		t.Errorf("the runtime for go 1.21 must import math/rand, not math/rand/v2")
	}
	withToolchain(t, mod, "go1.21.13", "build", "./...")
	withToolchain(t, mod, "go1.21.13", "vet", "./...")
	if m := readMod(t, mod); m.Go == nil || m.Go.Version != "1.21" || m.Toolchain != nil {
		t.Errorf("building changed the go line or added a toolchain line: %v %v", m.Go, m.Toolchain)
	}

	happy := goOpenAIModule(t, "1.22", "v1.42.0")
	out = run(t, happy, bin, "gen")
	if strings.Contains(out, "math/rand") || strings.Contains(out, "Responses") {
		t.Errorf("gen on go 1.22 and v1.42.0 notes something left out:\n%s", out)
	}
	rt = filepath.Join(happy, "internal", "oaiguard")
	if !imports(t, rt, "math/rand/v2") {
		t.Errorf("the runtime for go 1.22 does not import math/rand/v2")
	}
	withToolchain(t, happy, "go1.22.12", "build", "./...")
	run(t, happy, "go", "build", "./...")
	run(t, happy, "go", "vet", "./...")

	// gen builds what it wrote and says so when the package does not
	// build: here a file of the user's in the directory clashes with it.
	write(t, rt, "mine.go", "package oaiguard\n\nfunc Call() {}\n")
	_, stderr, code := runCode3(t, happy, bin, "gen")
	for _, w := range []string{"does not build", "Call redeclared", "mine.go", "Your module does not compile"} {
		if code == 0 || !strings.Contains(stderr, w) {
			t.Errorf("gen with a clashing file: exit %d, message lacks %q:\n%s", code, w, stderr)
		}
	}
}
