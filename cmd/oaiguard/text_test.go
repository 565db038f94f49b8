package main

import (
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// TestPrintTextOrder holds the text output to file and line order across
// checks, with duplicates (a file of a package and its test variant)
// printed once and context lines from the file.
func TestPrintTextOrder(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a.go")
	src := "package a\n\nfunc f() {}\n\nfunc g() {}\n"
	if err := os.WriteFile(name, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	tf := fset.AddFile(name, -1, len(src))
	tf.SetLinesForContent([]byte(src))
	line := func(n int) token.Pos { return tf.LineStart(n) }
	pkg := &packages.Package{Fset: fset}
	act := func(check string, lines ...int) *checker.Action {
		a := &checker.Action{Analyzer: &analysis.Analyzer{Name: check}, Package: pkg, IsRoot: true}
		for _, l := range lines {
			a.Diagnostics = append(a.Diagnostics, analysis.Diagnostic{Pos: line(l), Message: check + " here"})
		}
		return a
	}
	acts := []*checker.Action{act("unretried", 5), act("errtext", 3, 5), act("unretried", 5)}
	var b strings.Builder
	if err := printText(&b, acts, -1); err != nil {
		t.Fatal(err)
	}
	want := name + ":3:1: errtext here\n" + name + ":5:1: errtext here\n" + name + ":5:1: unretried here\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := printText(&b, acts[:1], 0); err != nil {
		t.Fatal(err)
	}
	if want := name + ":5:1: unretried here\n5\tfunc g() {}\n"; b.String() != want {
		t.Errorf("with context: got\n%s\nwant\n%s", b.String(), want)
	}
}
