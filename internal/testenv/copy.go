package testenv

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// CopyTree copies src to dst, writable, passing each file's contents
// through edit (nil: unchanged).
func CopyTree(t testing.TB, src, dst string, edit func(rel string, data []byte) []byte) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if edit != nil {
			data = edit(rel, data)
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// CopyExample copies the example module to a temporary directory, with its
// replace directives (this module and the runtime modules) pointing at this
// checkout, and returns the directory.
func CopyExample(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	CopyTree(t, filepath.Join(Root, "example"), dst, func(rel string, data []byte) []byte {
		if rel == "go.mod" {
			return bytes.ReplaceAll(data, []byte("=> ../"), []byte("=> "+Root+"/"))
		}
		return data
	})
	return dst
}

// A package of the example's copy whose API call is left to its caller in
// package main, in another package: the finding there needs apicalls' facts,
// which golangci-lint computes in its own runner.
const (
	llmFile = `package llm

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Ask asks once; its callers decide about retries.
func Ask(ctx context.Context, c *goopenai.Client, q string) (goopenai.ChatCompletionResponse, error) {
	return c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{
		Model:    goopenai.GPT5Dot4Mini,
		Messages: []goopenai.ChatCompletionMessage{{Role: goopenai.ChatMessageRoleUser, Content: q}},
	})
}
`
	crossFile = `package main

import (
	"context"

	"example.com/chatbot/llm"
)

func askTwice(ctx context.Context) error {
	_, err := llm.Ask(ctx, legacy, "hello")
	return err
}
`
)

// CopyExampleAcross copies the example module as CopyExample does and adds
// package llm, whose API call is left to its caller, and cross.go, a call
// of it in package main, reported at cross.go:10 by unretried: the case
// that needs apicalls' facts across packages.
func CopyExampleAcross(t testing.TB) string {
	t.Helper()
	dst := CopyExample(t)
	for name, src := range map[string]string{filepath.Join("llm", "llm.go"): llmFile, "cross.go": crossFile} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// SARIFSchema compiles the SARIF 2.1.0 JSON schema bundled in
// cmd/oaiguard/testdata/sarif (see the README there), with formats
// asserted.
func SARIFSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(Root, "cmd", "oaiguard", "testdata", "sarif", "sarif-2.1.0-rtm.5.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "file:///sarif-2.1.0.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// StableDir returns an empty directory that is the same for every run of
// the tests from this checkout (under the user cache dir, named after
// name and the checkout's path): the go command keys compiled packages on
// their directory, so that a module copied to a new temporary directory
// every run is compiled from scratch every run (65 s of CPU for the
// fixture module), while one copied here again reuses the build cache
// for every package whose files did not change. Tests of one checkout
// must not use the same name at once.
func StableDir(t testing.TB, name string) string {
	t.Helper()
	cache, err := os.UserCacheDir()
	if err != nil {
		return t.TempDir()
	}
	sum := sha256.Sum256([]byte(Root))
	dir := filepath.Join(cache, "oaiguard", fmt.Sprintf("%s-%x", name, sum[:6]))
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
