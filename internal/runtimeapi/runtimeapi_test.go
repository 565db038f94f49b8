package runtimeapi

import (
	"flag"
	"go/parser"
	"go/token"
	"io"
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/internal/sdk"
)

func TestPathFlag(t *testing.T) {
	for path, ok := range map[string]bool{
		"":                                  true,
		"example.com/you/internal/oaiguard": true,
		"internal/oaiguard":                 true,
		"not a path":                        false,
		"example.com/x/":                    false,
		"../oaiguard":                       false,
	} {
		fs := flag.NewFlagSet("oaiguard", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var v string
		fs.Var((*PathFlag)(&v), "unretried.runtime", "import `path`")
		err := fs.Parse([]string{"-unretried.runtime=" + path})
		switch {
		case ok && (err != nil || v != path):
			t.Errorf("%q: %v, value %q", path, err, v)
		case !ok && (err == nil || !strings.Contains(err.Error(), "-unretried.runtime") || !strings.Contains(err.Error(), "is not an import path")):
			t.Errorf("%q: error %v, want one naming the flag and saying why", path, err)
		}
	}
}

// TestImportName: fixes in one file, computed independently, must give the
// two runtimes (both package oaiguard) different names whenever both may
// be imported: go-openai's is oaiguardgo in a file that imports openai-go,
// and in one that imports no go-openai package (its errors arrive from
// another package, and openai-go's may too).
//
// openai-go's is oaiguardopenai in a file that imports go-openai and not
// openai-go, where go-openai's is oaiguard and openai-go's errors arrive
// from another package.
func TestImportName(t *testing.T) {
	for _, c := range []struct {
		imports            string
		goOpenAI, openAIGo string
	}{
		{`import "github.com/sashabaranov/go-openai"`, "oaiguard", "oaiguardopenai"},
		{`import ("github.com/sashabaranov/go-openai"; "github.com/openai/openai-go/v3")`, "oaiguardgo", "oaiguard"},
		{`import "github.com/openai/openai-go/v3/option"`, "oaiguardgo", "oaiguard"},
		{`import "strings"`, "oaiguardgo", "oaiguard"},
		{``, "oaiguardgo", "oaiguard"},
	} {
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", "package x\n"+c.imports+"\n", parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		if got := ImportName(sdk.GoOpenAIPath, f); got != c.goOpenAI {
			t.Errorf("%q: go-openai's runtime imported as %s, want %s", c.imports, got, c.goOpenAI)
		}
		if got := ImportName("github.com/openai/openai-go/v3", f); got != c.openAIGo {
			t.Errorf("%q: openai-go's runtime imported as %s, want %s", c.imports, got, c.openAIGo)
		}
		if ImportName(sdk.GoOpenAIPath, f) == ImportName("github.com/openai/openai-go/v3", f) {
			t.Errorf("%q: both runtimes imported under one name", c.imports)
		}
	}
}
