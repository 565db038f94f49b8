package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestGen is the path of an openai-go v2 user, who has no checked-in
// runtime: oaiguard gen writes one into the module, the fixes use it through
// -unretried.runtime, and the result builds and checks clean.
func TestGen(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool and runs the go command")
	}
	t.Parallel()
	bin := buildTool(t)
	mod := t.TempDir()
	write(t, mod, "go.mod", "module example.com/v2user\n\ngo 1.26\n\nrequire github.com/openai/openai-go/v2 v2.7.1\n")
	write(t, mod, "main.go", `package main

import (
	"context"
	"fmt"

	"github.com/openai/openai-go/v2"
	"github.com/openai/openai-go/v2/option"
)

func main() {
	client := openai.NewClient(option.WithMaxRetries(0))
	resp, err := client.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model:    "gpt-5.2", // a current model: the table marks gpt-4o deprecated
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hi")},
	})
	fmt.Println(resp, err)
}
`)
	run(t, mod, "go", "mod", "tidy")

	cmd := exec.Command(bin, "./...")
	cmd.Dir = mod
	out, _ := cmd.CombinedOutput()
	if !strings.Contains(string(out), "generate a runtime for github.com/openai/openai-go/v2 with `oaiguard gen`") {
		t.Fatalf("v2 finding does not point at oaiguard gen:\n%s", out)
	}

	out2 := run(t, mod, bin, "gen")
	const importPath = "example.com/v2user/internal/oaiguard"
	if !strings.Contains(out2, "-unretried.runtime="+importPath) {
		t.Fatalf("gen output lacks the import path:\n%s", out2)
	}
	// Run the command gen printed, as a user would paste it.
	_, printed, ok := strings.Cut(out2, "fix with: oaiguard ")
	if !ok {
		t.Fatalf("gen output has no command:\n%s", out2)
	}
	printed, _, _ = strings.Cut(printed, "\n")
	args := strings.Fields(printed)
	if !slices.Contains(args, "-fix") {
		t.Fatalf("printed command does not fix: %s", printed)
	}
	run(t, mod, bin, args...)
	src, err := os.ReadFile(filepath.Join(mod, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "oaiguard.Call(context.Background(), client.Chat.Completions.New,") {
		t.Fatalf("fix did not wrap the call:\n%s", src)
	}
	run(t, mod, "go", "build", "./...")
	run(t, mod, bin, "-unretried.runtime="+importPath, "./...") // exit 0: no findings

	// Regenerating over the generated files is allowed and changes nothing.
	before := snapshot(t, filepath.Join(mod, "internal", "oaiguard"))
	run(t, mod, bin, "gen")
	after := snapshot(t, filepath.Join(mod, "internal", "oaiguard"))
	for name := range before {
		if string(before[name]) != string(after[name]) {
			t.Errorf("regenerating changed %s", name)
		}
	}
}

func TestGenErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tool")
	}
	bin := buildTool(t)
	noSDK := t.TempDir()
	write(t, noSDK, "go.mod", "module example.com/plain\n\ngo 1.26\n")
	noGoLine := t.TempDir()
	write(t, noGoLine, "go.mod", "module example.com/old\n\nrequire github.com/sashabaranov/go-openai v1.42.0\n")
	for _, tc := range []struct {
		dir  string
		args []string
		want string
	}{
		{noSDK, []string{"gen"}, "requires no supported SDK; name one with -sdk"},
		{noSDK, []string{"gen", "-sdk", "github.com/example/not-an-sdk"}, "github.com/example/not-an-sdk"},
		{noSDK, []string{"gen", "-bogus"}, "flag provided but not defined: -bogus"},
		{noSDK, []string{"gen", "extra"}, "unexpected arguments: extra"},
		{t.TempDir(), []string{"gen", "-sdk", "github.com/sashabaranov/go-openai"}, "no go.mod"},
		{noSDK, []string{"gen", "-sdk", "github.com/sashabaranov/go-openai"}, "does not require github.com/sashabaranov/go-openai; nothing was written. Add it with\n\tgo get github.com/sashabaranov/go-openai\n"},
		{noGoLine, []string{"gen"}, "has no go line, which the go command reads as go 1.16: the runtime needs go 1.21 or later"},
	} {
		cmd := exec.Command(bin, tc.args...)
		cmd.Dir = tc.dir
		out, err := cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), tc.want) || strings.Contains(string(out), "panic") {
			t.Errorf("oaiguard %v: err=%v, output lacks %q:\n%s", tc.args, err, tc.want, out)
		}
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
