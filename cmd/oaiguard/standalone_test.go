package main

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer"
)

// TestApplyFixesKeepsFilesParsing feeds the standalone driver the two fixes
// of issue 9 as they were before import edits became whole lines: errtext
// deleting `\n\t"strings"` from the end of the line before, errtype
// inserting `"errors"\n\t` where "strings" starts. x/tools' merge splits the
// deletion around the insertion into `"context""errors"`. The driver must
// leave the file as it was, and say which file and which checks.
func TestApplyFixesKeepsFilesParsing(t *testing.T) {
	src := "package p\n\nimport (\n\t\"context\"\n\t\"strings\"\n)\n\nvar _ = context.TODO\nvar _ = strings.Contains\n"
	name := filepath.Join(t.TempDir(), "p.go")
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	tf := fset.File(f.FileStart)
	at := func(s string) token.Pos { return tf.Pos(strings.Index(src, s)) }
	pkg := &packages.Package{ID: "p", PkgPath: "p", Fset: fset, Syntax: []*ast.File{f}}
	fix := func(edits ...analysis.TextEdit) []analysis.SuggestedFix {
		return []analysis.SuggestedFix{{Message: "fix", TextEdits: edits}}
	}
	acts := []*checker.Action{
		{Analyzer: &analysis.Analyzer{Name: "errtext"}, Package: pkg, Diagnostics: []analysis.Diagnostic{{
			Pos: at("strings.Contains"), Message: "text",
			SuggestedFixes: fix(analysis.TextEdit{Pos: at("\n\t\"strings\""), End: at("\n)")}),
		}}},
		{Analyzer: &analysis.Analyzer{Name: "errtype"}, Package: pkg, Diagnostics: []analysis.Diagnostic{{
			Pos: at("context.TODO"), Message: "type",
			SuggestedFixes: fix(analysis.TextEdit{Pos: at("\"strings\""), End: at("\"strings\""), NewText: []byte("\"errors\"\n\t")}),
		}}},
	}
	err = applyFixes(acts, false, new(bytes.Buffer))
	if err == nil || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "errtext, errtype") || !strings.Contains(err.Error(), "unparsable") {
		t.Errorf("applyFixes: %v; want an error naming %s and the checks errtext, errtype", err, name)
	}
	if got, _ := os.ReadFile(name); string(got) != src {
		t.Errorf("the file changed:\n%s", got)
	}
}

func TestVetProtocol(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-json", "-unretried.runtime=x/y", "/tmp/vet123/vet.cfg"}, true},
		{[]string{"help", "unretried"}, true},
		{[]string{"./..."}, false},
		{[]string{"-fix", "-diff", "./..."}, false},
		{[]string{"-unretried", "example.com/m/..."}, false},
	} {
		if got := vetProtocol(tc.args); got != tc.want {
			t.Errorf("vetProtocol(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

func TestOutputFormat(t *testing.T) {
	for _, tc := range []struct {
		format          string
		json, sarif, fx bool
		want, err       string
	}{
		{format: "text", want: "text"},
		{format: "text", json: true, want: "json"},
		{format: "text", sarif: true, want: "sarif"},
		{format: "sarif", sarif: true, want: "sarif"},
		{format: "json", want: "json"},
		{format: "text", fx: true, want: "text"},
		{format: "SARIF", err: "-format=SARIF: want text, json or sarif"},
		{format: "text", json: true, sarif: true, err: "-sarif and -json disagree"},
		{format: "sarif", json: true, err: "-json and -format=sarif disagree"},
		{format: "json", fx: true, err: "-fix applies the fixes"},
	} {
		got, err := outputFormat(tc.format, tc.json, tc.sarif, tc.fx)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("outputFormat(%q, json=%v, sarif=%v, fix=%v) = %q, %v; want %q, %q", tc.format, tc.json, tc.sarif, tc.fx, got, err, tc.want, tc.err)
		}
	}
}

func TestRuleID(t *testing.T) {
	for _, tc := range []struct{ check, cat, want string }{
		{"unretried", "", "unretried"},
		{"unretried", "unretried", "unretried"},
		{"brokenretry", "stacked", "brokenretry/stacked"},
		{"errtype", "assert", "errtype/assert"},
	} {
		if got := ruleID(tc.check, tc.cat); got != tc.want {
			t.Errorf("ruleID(%q, %q) = %q, want %q", tc.check, tc.cat, got, tc.want)
		}
	}
}

// TestFirstCause: a package whose imports the go command could not
// resolve (no go.sum entry) says so, not the type checker's "invalid
// package name".
func TestFirstCause(t *testing.T) {
	dep := &packages.Package{PkgPath: "github.com/sashabaranov/go-openai", Errors: []packages.Error{{
		Pos: "main.go:15:2", Kind: packages.ListError,
		Msg: "missing go.sum entry for module providing package github.com/sashabaranov/go-openai (imported by example.com/chatbot); to add:\n\tgo get example.com/chatbot",
	}}}
	p := &packages.Package{
		Errors: []packages.Error{
			{Pos: "main.go:15:2", Kind: packages.TypeError, Msg: `could not import github.com/sashabaranov/go-openai (invalid package name: "")`},
			{Pos: "main.go:20:2", Kind: packages.TypeError, Msg: "undefined: openai"},
		},
		Imports: map[string]*packages.Package{dep.PkgPath: dep},
	}
	got := oneLine(firstCause(p))
	want := "main.go:15:2: missing go.sum entry for module providing package github.com/sashabaranov/go-openai (imported by example.com/chatbot); to add: go get example.com/chatbot"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	p.Imports = nil
	if got := firstCause(p); got.Msg != p.Errors[0].Msg {
		t.Errorf("with no cause among the imports: %q, want the first error", got.Msg)
	}
}

// TestBadFlag: a bad flag gets one line saying what is wrong and one saying
// where the usage is, exit status 2; -help still prints the whole usage.
func TestBadFlag(t *testing.T) {
	for _, args := range [][]string{{"-badflag"}, {"-badflag", "./..."}, {"-c=x", "./..."}} {
		var stdout, stderr bytes.Buffer
		code := standalone(args, analyzer.All(), analyzer.Docs(), &stdout, &stderr)
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		if code != 2 || stdout.Len() > 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "oaiguard: ") || lines[1] != "run 'oaiguard -help' for usage" {
			t.Errorf("oaiguard %q: exit %d, stdout %q, stderr:\n%s\nwant exit 2 and two lines: the error, then run 'oaiguard -help' for usage", args, code, stdout.String(), stderr.String())
		}
	}
	if _, stderr := runStandalone(t, "-badflag"); !strings.Contains(stderr, "flag provided but not defined: -badflag") {
		t.Errorf("the error does not name the flag: %q", stderr)
	}
	var stdout, stderr bytes.Buffer
	if code := standalone([]string{"-help"}, analyzer.All(), analyzer.Docs(), &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "usage: oaiguard [flags] packages") || !strings.Contains(stderr.String(), "-unretried.runtime") {
		t.Errorf("oaiguard -help: exit %d, stderr:\n%s", code, stderr.String())
	}
}

func runStandalone(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	standalone(args, analyzer.All(), analyzer.Docs(), &stdout, &stderr)
	return stdout.String(), stderr.String()
}
