package fixedit_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"github.com/oaiguard/oaiguard/internal/fixedit"
)

func TestSource(t *testing.T) {
	for _, test := range []struct{ expr, want string }{
		{"ctx", "ctx"},
		{"client.Chat.Completions.New", "client.Chat.Completions.New"},
		{"context.WithTimeout( ctx,5*time.Second )", "context.WithTimeout(ctx, 5*time.Second)"},
		{"openai.ChatCompletionNewParams{Model:openai.ChatModelGPT4o,Messages: msgs}", "openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o, Messages: msgs}"},
		{"func(ctx context.Context) error { return nil /* comment */ }", "func(ctx context.Context) error { return nil }"},
		{"[]int{\n1,\n2,\n}", "[]int{\n\t1,\n\t2,\n}"}, // multi-line stays multi-line
	} {
		fset := token.NewFileSet()
		src := "package p\n\nvar _ = " + test.expr + "\n"
		f, err := parser.ParseFile(fset, "a.go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		e := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0]
		if got := fixedit.Source(fset, e); got != test.want {
			t.Errorf("Source(%q) = %q, want %q", test.expr, got, test.want)
		}
	}
}
