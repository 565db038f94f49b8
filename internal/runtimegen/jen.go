package runtimegen

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
	"golang.org/x/tools/imports"
)

// newFile starts a generated file of package pkg with the generated-code
// marker, so tools (gopls, linters, `oaiguard gen` itself) know not to edit
// it, and with the import names the SDKs really use.
func newFile(pkg string) *jen.File {
	f := jen.NewFile(pkg)
	f.HeaderComment(Marker)
	for _, p := range []string{
		"github.com/openai/openai-go",
		"github.com/openai/openai-go/v2",
		"github.com/openai/openai-go/v3",
		"github.com/charmbracelet/openai-go",
		"github.com/sashabaranov/go-openai",
	} {
		f.ImportName(p, "openai")
		f.ImportName(p+"/option", "option")
		f.ImportName(p+"/packages/ssestream", "ssestream")
	}
	return f
}

// render formats a jennifer file.
func render(f *jen.File) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	// goimports' formatting also puts the standard library's imports in a
	// group of their own, as people write them; it adds or removes none.
	out, err := imports.Process("generated.go", buf.Bytes(), &imports.Options{
		FormatOnly: true, Comments: true, TabIndent: true, TabWidth: 8,
	})
	if err != nil {
		return nil, fmt.Errorf("format generated code: %w", err)
	}
	return out, nil
}

// doc appends text to g as // comment lines wrapped at 76 columns. Blank
// lines in text separate paragraphs; a paragraph that starts with a tab is
// code and is kept as it is.
func doc(g *jen.Group, text string) {
	for _, line := range commentLines(text) {
		g.Comment(line)
	}
}

// commentLines wraps text into comment lines, without the markers; see doc.
func commentLines(text string) []string {
	var out []string
	for i, para := range strings.Split(text, "\n\n") {
		if i > 0 {
			out = append(out, "")
		}
		if strings.HasPrefix(para, "\t") {
			out = append(out, strings.Split(para, "\n")...)
			continue
		}
		var line strings.Builder
		for _, w := range strings.Fields(para) {
			if line.Len() > 0 && line.Len()+1+len(w) > 72 {
				out = append(out, line.String())
				line.Reset()
			}
			if line.Len() > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(w)
		}
		if line.Len() > 0 {
			out = append(out, line.String())
		}
	}
	return out
}
