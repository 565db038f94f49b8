package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestDrift fails when the checked-in table differs from what the pinned
// SDKs' source gives now: run `go generate ./internal/sdk`.
func TestDrift(t *testing.T) {
	want, err := Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../retired_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("internal/sdk/retired_gen.go is not what retiredgen writes from the pinned SDKs: run go generate ./internal/sdk")
	}
}

// TestContents holds the generator to facts of the pinned SDKs, read by
// hand from their source (reference/openai-sdks.md §5).
func TestContents(t *testing.T) {
	src, err := Generate(".")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for _, want := range []string{
		`const RetiredAsOf = "2026-11-09"`, // openai-go v3.98.0's release
		// openai-go: shared.go and aliases.go.
		"\"o1-pro\": {\n\t\tShutdown: \"2026-10-23\",",
		"\"gpt-5-mini\": {\n\t\tShutdown: \"2026-12-11\",",
		"\"gpt-3.5-turbo\": {\n\t\tShutdown: \"2026-10-23\",",
		// go-openai: a marked constant and a marked block.
		"\"text-davinci-003\": {\n\t\tReplacement: \"gpt-3.5-turbo-instruct\",",
		"\"code-search-babbage-text-001\": {\n\t\tReplacement: \"text-embedding-ada-002\",",
		// openai-go: a shutdown in the past tense, with a replacement.
		"\"dall-e-3\": {\n\t\tReplacement: \"a GPT image model\",\n\t\tShutdown:    \"2026-05-12\",",
		// services
		`"BetaThreadRunService":`,
		`"BetaAssistantService":`,
		"Shutdown: \"2026-09-24\"",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("retired_gen.go lacks %q", want)
		}
	}
	for _, never := range []string{`"gpt-5.4-mini":`, `"text-embedding-ada-002":`, `"gpt-5.1-mini":`, `"ResponseService":`} {
		if strings.Contains(s, never) {
			t.Errorf("retired_gen.go holds %s, which no SDK marks with a shutdown", never)
		}
	}
}

// TestBadModule is a clear error, not a panic, where no module is.
func TestBadModule(t *testing.T) {
	if _, err := Generate(t.TempDir()); err == nil {
		t.Error("Generate outside a module: no error")
	}
}
