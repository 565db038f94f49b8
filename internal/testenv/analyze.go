package testenv

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/token"
	"go/types"
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"text/scanner"

	udiff "github.com/aymanbagabas/go-udiff"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/txtar"

	"github.com/oaiguard/oaiguard/internal/factgraph"
	"github.com/oaiguard/oaiguard/internal/fixedit"
)

// Analyze is analysistest.Run on a fixture module (rel, relative to the
// repository root: "testdata/mod", "testdata/modold") that is loaded once
// per test binary: it runs a on the packages that patterns name (package
// paths, or a path ending in "/..."), with their test variants as
// analysistest loads them, and fails the test unless every diagnostic and
// every fact of a matches a `// want` comment on its line and every `want`
// is matched, as analysistest's rules say (messages as regular
// expressions, `+N` line offsets, `name:"re"` facts).
//
// analysistest loads every dependency from source for each call, which
// type-checks the SDKs (openai-go alone is most of a million lines) again
// and again; here the module's packages are type-checked from source once,
// with their bodies, and the SDKs and the standard library come from the go
// command's export data, as the standalone driver loads them (see
// cmd/oaiguard/load.go): apicalls learns nothing from the SDK's own
// packages (known by path) nor from packages that reach no SDK, so the
// facts each fixture package sees are the same.
func Analyze(t testing.TB, rel string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	m := fixtures(t, rel)
	pkgs := m.match(t, patterns)
	if pkgs == nil {
		return nil
	}
	if !a.RunDespiteErrors {
		for _, p := range pkgs {
			for _, err := range p.Errors {
				t.Log(err)
			}
		}
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Errorf("analyze %v: %v", patterns, err)
		return nil
	}
	var results []*analysistest.Result
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
		} else {
			checkWants(t, act)
		}
		facts := map[types.Object][]analysis.Fact{}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == act.Package.Types {
				facts[f.Object] = append(facts[f.Object], f.Fact)
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == act.Package.Types {
				facts[nil] = append(facts[nil], f.Fact)
			}
		}
		results = append(results, &analysistest.Result{
			Action: act, Diagnostics: act.Diagnostics, Facts: facts, Result: act.Result, Err: act.Err,
		})
	}
	return results
}

// AnalyzeFixes is analysistest.RunWithSuggestedFixes over Analyze: beyond
// the `want` comments, every file that a fix edits must have a `.golden`
// file next to it, either the whole file after every fix (merged, sorted by
// fix message, unused imports dropped, gofmt'd) or a txtar archive with a
// section per fix message (that message's fixes alone).
func AnalyzeFixes(t testing.TB, rel string, a *analysis.Analyzer, patterns ...string) []*analysistest.Result {
	t.Helper()
	results := Analyze(t, rel, a, patterns...)
	names := fixtures(t, rel).names
	generated := map[*token.File]bool{}
	for _, r := range results {
		act := r.Action
		fset := act.Package.Fset
		for _, f := range act.Package.Syntax {
			generated[fset.File(f.Pos())] = ast.IsGenerated(f)
		}
		// message → fixes → file → edits
		byMessage := map[string][]map[string][]udiff.Edit{}
		files := map[string]bool{}
		for _, d := range act.Diagnostics {
		fixes:
			for _, fix := range d.SuggestedFixes {
				for _, e := range fix.TextEdits {
					if generated[fset.File(e.Pos)] {
						continue fixes // as go fix, no fix in generated files
					}
				}
				edits := map[string][]udiff.Edit{}
				for _, e := range fix.TextEdits {
					tf := fset.File(e.Pos)
					end := e.End
					if !end.IsValid() {
						end = e.Pos
					}
					files[tf.Name()] = true
					edits[tf.Name()] = append(edits[tf.Name()], udiff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(end), New: string(e.NewText)})
				}
				byMessage[fix.Message] = append(byMessage[fix.Message], edits)
			}
		}
		merge := func(name, message string, acc, more []udiff.Edit) []udiff.Edit {
			udiff.SortEdits(more)
			merged, ok := udiff.Merge(acc, more)
			if !ok {
				t.Errorf("%s: fix %q conflicts with the fixes before it", name, message)
				return acc
			}
			return merged
		}
		for _, name := range slices.Sorted(maps.Keys(files)) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Errorf("%v", err)
				continue
			}
			ar, err := txtar.ParseFile(name + ".golden")
			if err != nil {
				t.Errorf("a fix edits %s: %v", name, err)
				continue
			}
			if len(ar.Files) > 0 {
				if len(ar.Comment) > 0 {
					t.Errorf("%s.golden: a txtar archive with a leading comment", name)
					continue
				}
				for _, section := range ar.Files {
					var acc []udiff.Edit
					for _, fix := range byMessage[section.Name] {
						acc = merge(name, section.Name, acc, fix[name])
					}
					compareGolden(t, fmt.Sprintf("the fixes %q", section.Name), name, src, section.Data, acc, names)
				}
				continue
			}
			var acc []udiff.Edit
			for _, message := range slices.Sorted(maps.Keys(byMessage)) {
				for _, fix := range byMessage[message] {
					acc = merge(name, message, acc, fix[name])
				}
			}
			compareGolden(t, "all fixes", name, src, ar.Comment, acc, names)
		}
	}
	return results
}

// compareGolden applies edits to src, drops the imports left unused, formats
// the result and compares it with want, formatted.
func compareGolden(t testing.TB, what, name string, src, want []byte, edits []udiff.Edit, names map[string]string) {
	t.Helper()
	if len(edits) == 0 {
		t.Errorf("%s: %s: no edits", name, what)
		return
	}
	fixed, err := udiff.ApplyBytes(src, edits)
	if err != nil {
		t.Errorf("%s: %s: %v", name, what, err)
		return
	}
	got, err := fixedit.Tidy(fixed, names)
	if err != nil {
		t.Errorf("%s: %s: the fixed file does not format: %v\n%s", name, what, err, fixed)
		return
	}
	if want, err = format.Source(want); err != nil {
		t.Errorf("%s.golden does not format: %v", name, err)
		return
	}
	got, want = append(bytes.TrimSpace(got), '\n'), append(bytes.TrimSpace(want), '\n')
	if !bytes.Equal(got, want) {
		t.Errorf("%s: %s differ from %s.golden:\n%s", name, what, name,
			udiff.Unified(name+".golden", name+" (fixed)", string(want), string(got)))
	}
}

// Fixtures returns the packages of the fixture module at rel that patterns
// name (package paths, or paths ending in "/..."), without test variants,
// from the module's load shared by the test binary (see Analyze): the
// module's packages from source with their bodies, the rest from export
// data, and Imports that lead to the module's packages only, which is what
// checker.Analyze and RunLikeNogo need to compute facts. The packages are
// shared: do not change them.
func Fixtures(t testing.TB, rel string, patterns ...string) []*packages.Package {
	t.Helper()
	var out []*packages.Package
	for _, p := range fixtures(t, rel).match(t, patterns) {
		if p.ID == p.PkgPath {
			out = append(out, p)
		}
	}
	return out
}

// FixturesWithTests is Fixtures with the test variants ("p [p.test]",
// "p_test [p.test]", and the test's main package "p.test").
func FixturesWithTests(t testing.TB, rel string, patterns ...string) []*packages.Package {
	t.Helper()
	return fixtures(t, rel).match(t, patterns)
}

// A fixtureModule is a fixture module loaded once per test binary.
type fixtureModule struct {
	once  sync.Once
	err   error
	roots []*packages.Package // as handed to the checker (pruned copies), in load order
	// names maps every loaded package's path to its name, for the imports
	// a merged fix leaves unused.
	names map[string]string
}

var fixtureModules sync.Map // rel → *fixtureModule

// alsoFromSource lists, per fixture module, the packages outside it that
// its load takes from source too: the runtimes that fixtures and fixes
// import (they reach an SDK, so they have facts to tell: naming them saves
// the second load that finding them would cost).
var alsoFromSource = map[string][]string{
	"testdata/mod": {
		"github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard",
		"github.com/oaiguard/oaiguard/runtime/openaigo/oaiguard",
	},
}

// FixtureModule returns every package of the fixture module at rel as the
// test binary's shared load holds them (see Fixtures), test variants and
// the packages loaded from source beside the module's included.
func FixtureModule(t testing.TB, rel string) []*packages.Package {
	t.Helper()
	return fixtures(t, rel).roots
}

func fixtures(t testing.TB, rel string) *fixtureModule {
	t.Helper()
	dir := Module(t, rel)
	v, _ := fixtureModules.LoadOrStore(rel, &fixtureModule{})
	m := v.(*fixtureModule)
	m.once.Do(func() { m.err = m.load(dir, true, append([]string{"./..."}, alsoFromSource[rel]...)...) })
	if m.err != nil {
		t.Fatalf("load %s: %v", rel, m.err)
	}
	return m
}

// load loads every package of the module and its test variants from
// source, with their bodies, and the rest from export data; the packages
// the checker gets are copies whose Imports keep the module's own packages
// only (the checker runs fact-using analyzers on every package Imports
// leads to, and needs their syntax). A dependency outside the module that
// reaches an SDK would have facts to tell: it is loaded from source too.
func (m *fixtureModule) load(dir string, tests bool, patterns ...string) error {
	cfg := &packages.Config{
		Mode:  packages.LoadSyntax | packages.NeedModule,
		Dir:   dir,
		Tests: tests,
		// as analysistest: module mode, no network
		Env: append(os.Environ(), "GO111MODULE=on", "GOPROXY=off", "GOWORK=off"),
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return err
	}
	if extra := factgraph.Outside(pkgs); len(extra) > 0 {
		if pkgs, err = packages.Load(cfg, append(patterns, extra...)...); err != nil {
			return err
		}
	}
	initial := map[*packages.Package]bool{}
	for _, p := range pkgs {
		initial[p] = true
	}
	m.roots = factgraph.Prune(pkgs, func(p *packages.Package) bool { return initial[p] })
	m.names = map[string]string{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { m.names[p.PkgPath] = p.Name })
	return nil
}

// match returns the loaded packages that patterns name, each with its test
// variants ("p [p.test]", "p_test [p.test]", "p.test"), as the go command
// lists them with -test. A pattern that names nothing fails the test.
func (m *fixtureModule) match(t testing.TB, patterns []string) []*packages.Package {
	t.Helper()
	var out []*packages.Package
	for _, pat := range patterns {
		n := 0
		for _, p := range m.roots {
			if matchPattern(pat, forPackage(p)) && !slices.Contains(out, p) {
				out = append(out, p)
				n++
			}
		}
		if n == 0 {
			t.Errorf("no fixture package matches %s", pat)
			return nil
		}
	}
	return out
}

// forPackage returns the path of the package that p is, or is a test
// variant of.
func forPackage(p *packages.Package) string {
	if i := strings.Index(p.ID, " ["); i >= 0 {
		return strings.TrimSuffix(strings.TrimSuffix(p.ID[i+2:], "]"), ".test")
	}
	if p.Name == "main" && strings.HasSuffix(p.ID, ".test") {
		return strings.TrimSuffix(p.ID, ".test")
	}
	return p.PkgPath
}

func matchPattern(pattern, path string) bool {
	if prefix, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == prefix || strings.HasPrefix(path, prefix+"/")
	}
	return path == pattern
}

// A want is one expectation of a `// want` comment: a diagnostic's message,
// or, with a name, a fact of the object so named ("package": the package).
type want struct {
	fact bool
	name string
	rx   *regexp.Regexp
}

type lineKey struct {
	file string
	line int
}

// checkWants compares the diagnostics and facts of act with the `want`
// comments of its package (and of its other files; for a check named
// directive, also of its ignored files, as analysistest does).
func checkWants(t testing.TB, act *checker.Action) {
	t.Helper()
	fset := act.Package.Fset
	wants := map[lineKey][]want{}
	add := func(file string, line int, text string) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(text), "want")
		if !ok {
			return
		}
		delta, ws, err := parseWant(rest)
		if err != nil {
			t.Errorf("%s:%d: want comment: %v", file, line, err)
			return
		}
		if ws != nil {
			wants[lineKey{file, line + delta}] = ws
		}
	}
	for _, f := range act.Package.Syntax {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text, ok := strings.CutPrefix(c.Text, "//")
				if !ok {
					text = strings.TrimSuffix(strings.TrimPrefix(c.Text, "/*"), "*/")
				}
				if i := strings.Index(text, "// want"); i >= 0 {
					text = text[i+len("// "):] // a want inside a comment
				}
				pos := fset.Position(c.Pos())
				add(pos.Filename, pos.Line, text)
			}
		}
	}
	others := act.Package.OtherFiles
	if act.Analyzer.Name == "directive" {
		others = slices.Concat(others, act.Package.IgnoredFiles)
	}
	for _, name := range others {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Errorf("want comments of %s: %v", name, err)
			continue
		}
		for i, line := range strings.Split(string(data), "\n") {
			if j := strings.Index(line, "// want"); j >= 0 {
				line = line[j:]
			}
			if j := strings.Index(line, "//"); j >= 0 {
				add(name, i+1, line[j+2:])
			}
		}
	}

	got := func(pos token.Position, fact bool, name, text string) {
		t.Helper()
		k := lineKey{pos.Filename, pos.Line}
		var tried []string
		for i, w := range wants[k] {
			if w.fact != fact || w.name != name {
				continue
			}
			if w.rx.MatchString(text) {
				wants[k] = slices.Delete(slices.Clone(wants[k]), i, i+1)
				return
			}
			tried = append(tried, fmt.Sprintf("%#q", w.rx))
		}
		kind := "diagnostic"
		if fact {
			kind = "fact"
		}
		if tried == nil {
			t.Errorf("%v: unexpected %s: %v", pos, kind, text)
		} else {
			t.Errorf("%v: %s %q does not match %s", pos, kind, text, strings.Join(tried, " or "))
		}
	}
	for _, d := range act.Diagnostics {
		got(fset.Position(d.Pos), false, "", d.Message)
	}
	for _, f := range act.AllPackageFacts() {
		if f.Package == act.Package.Types {
			pos := fset.Position(act.Package.Syntax[0].Pos())
			pos.Line, pos.Column = 1, 1
			got(pos, true, "package", fmt.Sprint(f))
		}
	}
	objFacts := act.AllObjectFacts()
	sort.Slice(objFacts, func(i, j int) bool { return objFacts[i].Object.Pos() < objFacts[j].Object.Pos() })
	for _, f := range objFacts {
		if f.Object.Pkg() == act.Package.Types {
			got(fset.Position(f.Object.Pos()), true, f.Object.Name(), fmt.Sprint(f.Fact))
		}
	}
	var missing []string
	for k, ws := range wants {
		for _, w := range ws {
			kind := "diagnostic"
			if w.fact {
				kind = "fact"
			}
			missing = append(missing, fmt.Sprintf("%s:%d: no %s was reported matching %#q", k.file, k.line, kind, w.rx))
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Error(m)
	}
}

// parseWant parses what follows "want": an optional +N line offset, then
// quoted regular expressions (diagnostics) and name:"re" pairs (facts).
func parseWant(text string) (delta int, out []want, err error) {
	var sc scanner.Scanner
	sc.Init(strings.NewReader(text))
	var scanErr string
	sc.Error = func(_ *scanner.Scanner, msg string) { scanErr = msg }
	sc.Mode = scanner.ScanIdents | scanner.ScanStrings | scanner.ScanRawStrings | scanner.ScanInts
	regex := func(tok rune) (*regexp.Regexp, error) {
		if tok != scanner.String && tok != scanner.RawString {
			return nil, fmt.Errorf("got %s, want a quoted regular expression", scanner.TokenString(tok))
		}
		s, err := strconv.Unquote(sc.TokenText())
		if err != nil {
			return nil, err
		}
		return regexp.Compile(s)
	}
	for {
		switch tok := sc.Scan(); tok {
		case scanner.EOF:
			if scanErr != "" {
				return 0, nil, fmt.Errorf("%s", scanErr)
			}
			return delta, out, nil
		case '+':
			if sc.Scan() != scanner.Int {
				return 0, nil, fmt.Errorf("+ not followed by a line count")
			}
			delta, _ = strconv.Atoi(sc.TokenText())
		case scanner.String, scanner.RawString:
			rx, err := regex(tok)
			if err != nil {
				return 0, nil, err
			}
			out = append(out, want{rx: rx})
		case scanner.Ident:
			name := sc.TokenText()
			if sc.Scan() != ':' {
				return 0, nil, fmt.Errorf("%s not followed by ':'", name)
			}
			rx, err := regex(sc.Scan())
			if err != nil {
				return 0, nil, err
			}
			out = append(out, want{fact: true, name: name, rx: rx})
		default:
			return 0, nil, fmt.Errorf("unexpected %s", scanner.TokenString(tok))
		}
	}
}
