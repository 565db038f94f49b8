// Package fixtest checks that the fixes of all checks compose: applied all
// at once, merged as go fix merges them, or one at a time in any order, as
// gopls users apply them, they leave a file that parses, is gofmt-clean,
// type-checks and has no fix left to offer. The composition and fuzz tests
// share it, and the packages it loads: the fixture module's, with the SDKs
// and runtimes their fixes import.
//
// Packages are re-checked in process: a fixed file is type-checked against
// the loaded dependencies and analysed with go/analysis/checker, which takes
// milliseconds where a reload through go/packages takes seconds.
package fixtest

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/internal/testenv"
)

// Universe is a set of loaded packages and everything they import, by path.
type Universe struct {
	Fset  *token.FileSet
	Roots []*packages.Package
	types map[string]*types.Package
	sizes types.Sizes
}

var (
	loadMu sync.Mutex
	loaded = map[string]*Universe{}
)

// Load loads the packages of the fixture module that match patterns, once
// per test binary, together with the runtimes that fixes import. "./..."
// (every package) takes them from testenv's load of the module, which the
// check tests of the same binary share.
func Load(t testing.TB, patterns ...string) *Universe {
	t.Helper()
	loadMu.Lock()
	defer loadMu.Unlock()
	key := strings.Join(patterns, " ")
	if u, ok := loaded[key]; ok {
		return u
	}
	if key == "./..." {
		u := shared(testenv.FixtureModule(t, "testdata/mod"))
		loaded[key] = u
		return u
	}
	dir := testenv.Module(t, "testdata/mod")
	patterns = append(slices.Clone(patterns),
		"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard",
		"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard",
		"errors", "fmt")
	cfg := &packages.Config{Mode: packages.LoadSyntax | packages.NeedModule, Dir: dir}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		t.Fatalf("load %v: %v", patterns, err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatalf("load %v: packages with errors", patterns)
	}
	u := &Universe{types: map[string]*types.Package{}}
	var add func(p *types.Package)
	add = func(p *types.Package) {
		if _, ok := u.types[p.Path()]; ok {
			return
		}
		u.types[p.Path()] = p
		for _, imp := range p.Imports() {
			add(imp)
		}
	}
	for _, p := range pkgs {
		u.Fset, u.sizes = p.Fset, p.TypesSizes
		add(p.Types)
		if !strings.HasPrefix(p.PkgPath, "github.com/oaiguard/") && p.PkgPath != "errors" && p.PkgPath != "fmt" {
			u.Roots = append(u.Roots, p)
		}
	}
	loaded[key] = u
	return u
}

// shared makes a Universe of the packages of testenv.FixtureModule: its
// roots the module's packages, test variants left out, and the types of
// everything loaded.
func shared(pkgs []*packages.Package) *Universe {
	u := &Universe{types: map[string]*types.Package{}}
	var add func(p *types.Package)
	add = func(p *types.Package) {
		if _, ok := u.types[p.Path()]; ok {
			return
		}
		u.types[p.Path()] = p
		for _, imp := range p.Imports() {
			add(imp)
		}
	}
	for _, p := range pkgs {
		if p.ID != p.PkgPath || strings.HasSuffix(p.ID, ".test") || p.Types == nil {
			continue // a test variant, or a test's main package
		}
		u.Fset, u.sizes = p.Fset, p.TypesSizes
		add(p.Types)
		if p.Module != nil && p.Module.Main {
			u.Roots = append(u.Roots, p)
		}
	}
	return u
}

// File is a source file of a package being checked.
type File struct {
	Name string // absolute, as the token.File is named
	Src  []byte
}

// Check parses and type-checks files as the package path. Parse errors come
// back as an error; type errors in the list.
func (u *Universe) Check(path string, files []File) (*packages.Package, []error, error) {
	pkg := &packages.Package{
		ID: path, PkgPath: path, Fset: u.Fset, TypesSizes: u.sizes, Imports: map[string]*packages.Package{},
		TypesInfo: &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
			Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
			Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
			Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
		},
	}
	for _, f := range files {
		af, err := parser.ParseFile(u.Fset, f.Name, f.Src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, nil, err
		}
		pkg.Syntax = append(pkg.Syntax, af)
		pkg.GoFiles = append(pkg.GoFiles, f.Name)
		pkg.CompiledGoFiles = append(pkg.CompiledGoFiles, f.Name)
	}
	var errs []error
	conf := types.Config{
		GoVersion: "go1.26",
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if tp, ok := u.types[p]; ok {
				return tp, nil
			}
			return nil, fmt.Errorf("fixtest: package %s was not loaded", p)
		}),
		Error: func(err error) { errs = append(errs, err) },
		Sizes: u.sizes,
	}
	pkg.Types, _ = conf.Check(path, u.Fset, pkg.Syntax, pkg.TypesInfo)
	pkg.Name = pkg.Types.Name()
	pkg.IllTyped = len(errs) > 0
	return pkg, errs, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// Finding is a diagnostic and the check that reported it.
type Finding struct {
	Analyzer string
	File     string // the name of the file it is in
	Diag     analysis.Diagnostic
	Pos      token.Position
}

// Fixed reports whether the finding offers a fix.
func (f Finding) Fixed() bool { return len(f.Diag.SuggestedFixes) > 0 }

func (f Finding) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", f.Pos.Filename, f.Pos.Line, f.Analyzer, f.Diag.Message)
}

// Analyze runs the analyzers on pkg and returns their findings in order of
// position.
func (u *Universe) Analyze(analyzers []*analysis.Analyzer, pkg *packages.Package) ([]Finding, error) {
	graph, err := checker.Analyze(analyzers, []*packages.Package{pkg}, &checker.Options{Sequential: true})
	if err != nil {
		return nil, err
	}
	var out []Finding
	for _, act := range graph.Roots {
		if act.Err != nil {
			return nil, fmt.Errorf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := u.Fset.Position(d.Pos)
			out = append(out, Finding{act.Analyzer.Name, u.Fset.File(d.Pos).Name(), d, pos})
		}
	}
	slices.SortStableFunc(out, func(a, b Finding) int {
		return strings.Compare(fmt.Sprintf("%s:%09d:%s", a.File, a.Diag.Pos, a.Analyzer), fmt.Sprintf("%s:%09d:%s", b.File, b.Diag.Pos, b.Analyzer))
	})
	return out, nil
}

// Edits returns the edits of a finding's first fix (the one go fix applies)
// as offsets into its file.
func (u *Universe) Edits(f Finding) []udiff.Edit {
	var out []udiff.Edit
	for _, e := range f.Diag.SuggestedFixes[0].TextEdits {
		tf := u.Fset.File(e.Pos)
		end := e.End
		if !end.IsValid() {
			end = e.Pos
		}
		out = append(out, udiff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(end), New: string(e.NewText)})
	}
	udiff.SortEdits(out)
	return out
}

// Merge merges the first fixes of findings, in order, as go fix does (x/tools'
// three-way merge, exported by go-udiff): each fix is merged atop the ones
// before it or, if it conflicts, dropped. It returns the merged edits and the
// findings whose fixes were dropped.
func (u *Universe) Merge(findings []Finding) ([]udiff.Edit, []Finding) {
	var acc []udiff.Edit
	var dropped []Finding
	for _, f := range findings {
		merged, ok := udiff.Merge(acc, u.Edits(f))
		if !ok {
			dropped = append(dropped, f)
			continue
		}
		acc = merged
	}
	return acc, dropped
}

// Overlaps returns the pairs of findings whose fixes overlap: an edit of one
// starts or ends strictly inside an edit of the other, or both replace the
// same text differently. Identical edits do not overlap (drivers take them
// once); nor do insertions at one point. With no overlaps, every driver
// applies every fix, in any order, to the same effect.
func (u *Universe) Overlaps(findings []Finding) [][2]Finding {
	var out [][2]Finding
	for i, a := range findings {
		for _, b := range findings[i+1:] {
			if editsOverlap(u.Edits(a), u.Edits(b)) {
				out = append(out, [2]Finding{a, b})
			}
		}
	}
	return out
}

func editsOverlap(xs, ys []udiff.Edit) bool {
	for _, x := range xs {
		for _, y := range ys {
			switch {
			case x == y:
			case x.Start == x.End && y.Start == y.End:
			case x.Start < y.End && y.Start < x.End:
				return true // their ranges share text
			case x.Start == x.End && y.Start < x.Start && x.Start < y.End,
				y.Start == y.End && x.Start < y.Start && y.Start < x.End:
				return true // an insertion inside a replaced range
			case x.Start == y.Start && x.End == y.End:
				return true
			}
		}
	}
	return false
}

// Sources reads the files of a loaded package.
func Sources(pkg *packages.Package) ([]File, error) {
	var files []File
	for _, name := range pkg.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		files = append(files, File{name, src})
	}
	return files, nil
}

// With returns files with the one named name holding src.
func With(files []File, name string, src []byte) []File {
	out := slices.Clone(files)
	for i := range out {
		if out[i].Name == name {
			out[i].Src = src
		}
	}
	return out
}

// Gofmt reports whether src is gofmt-clean, but for the column of
// trailing comments: gofmt aligns the comments of neighbouring lines, so a
// fix that lengthens one line would have to move its neighbours' comments
// too, and two such fixes would conflict in go fix's merge. A fix keeps at
// least one space before its line's comment and leaves the aligning to the
// formatter.
func Gofmt(src []byte) bool {
	out, err := format.Source(src)
	return err == nil && bytes.Equal(unalign(out), unalign(src))
}

// unalign puts a single space before every comment that follows code on its
// line.
func unalign(src []byte) []byte {
	fset := token.NewFileSet()
	tf := fset.AddFile("", -1, len(src))
	var sc scanner.Scanner
	sc.Init(tf, src, nil, scanner.ScanComments)
	var out bytes.Buffer
	last, lastEnd, lastLine := 0, 0, 0
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		off := tf.Offset(pos)
		if tok == token.COMMENT && tf.Line(pos) == lastLine && lastEnd > 0 {
			out.Write(src[last:lastEnd])
			out.WriteByte(' ')
			last = off
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // an inserted semicolon is no code
		}
		lastEnd, lastLine = off+len(lit), tf.Line(pos)
		if tok.IsOperator() || tok.IsKeyword() {
			lastEnd = off + len(tok.String())
		}
	}
	out.Write(src[last:])
	return out.Bytes()
}

// PackageNames maps the import paths of the universe to package names, for
// fixedit.Tidy.
func (u *Universe) PackageNames() map[string]string {
	names := map[string]string{}
	for path, p := range u.types {
		names[path] = p.Name()
	}
	return names
}
