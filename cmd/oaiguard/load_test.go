package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestLoadFromSource: with facts, only the packages that reach an SDK come
// from source (the patterns' packages always do), and what the checks find
// across packages is what they find with every dependency from source.
func TestLoadFromSource(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: loads the across fixtures three times with every dependency from source (the check tests' shared fixture load in internal/testenv rests on what this test holds)")
	}
	t.Parallel()
	dir := testenv.Module(t, "testdata/mod")
	const (
		logic  = "example.com/fixtures/across/logic"
		client = "example.com/fixtures/across/client"
		quiet  = "example.com/fixtures/across/quiet"
		// mine reaches no SDK but makes errors: its own texts travel as
		// a fact (OwnTexts), so it is loaded from source too.
		mine = "example.com/fixtures/across/mine"
		// The runtime, another module's package, calls go-openai: its
		// facts count, as any package's that reaches an SDK.
		runtime = "github.com/oaiguard/oaiguard/runtime/goopenai/oaiguard"
	)
	ld, err := load(&packages.Config{Dir: dir}, []string{logic}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(ld.Roots) != 1 || ld.Roots[0].PkgPath != logic {
		t.Fatalf("roots %v, want [%s]", ld.Roots, logic)
	}
	var source, export []string
	packages.Visit(ld.All, nil, func(p *packages.Package) {
		switch {
		case p.PkgPath == "unsafe":
		case p.Syntax != nil:
			source = append(source, p.PkgPath)
		default:
			export = append(export, p.PkgPath)
		}
	})
	slices.Sort(source)
	if want := []string{client, logic, mine, runtime}; !slices.Equal(source, want) {
		t.Errorf("loaded from source: %v, want %v", source, want)
	}
	for _, dep := range []string{"github.com/sashabaranov/go-openai", "github.com/avast/retry-go/v4", "fmt"} {
		if !slices.Contains(export, dep) {
			t.Errorf("%s not loaded from export data (export data: %v)", dep, export)
		}
	}
	// The checker sees these packages only.
	var seen []string
	packages.Visit(ld.Checked, nil, func(p *packages.Package) { seen = append(seen, p.PkgPath) })
	slices.Sort(seen)
	if want := []string{client, logic, mine, runtime}; !slices.Equal(seen, want) {
		t.Errorf("checker's graph: %v, want %v", seen, want)
	}

	// Loaded again with client and the runtime as roots; loaded once when
	// the patterns name every package that reaches an SDK.
	for _, patterns := range [][]string{{logic}, {client, logic, quiet}, {client, logic, quiet, runtime}} {
		ld, err := load(&packages.Config{Dir: dir}, patterns, true)
		if err != nil {
			t.Fatal(err)
		}
		got := findings(t, ld.Checked)
		want := findings(t, testenv.LoadFixtures(t, patterns...))
		if !slices.ContainsFunc(want, func(s string) bool { return strings.Contains(s, "logic.go") && strings.Contains(s, "unretried") }) {
			t.Fatalf("%v: no cross-package finding in logic with every package from source:\n%s", patterns, strings.Join(want, "\n"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("%v: findings and facts\n%s\nwant (everything from source)\n%s", patterns, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// findings runs every check and apicalls on pkgs and lists the roots'
// diagnostics, with their fixes, and the facts the roots see.
func findings(t *testing.T, pkgs []*packages.Package) []string {
	t.Helper()
	graph, err := checker.Analyze(append(analyzer.All(), apicalls.Analyzer), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		for _, d := range act.Diagnostics {
			s := fmt.Sprintf("%s: %s: %s", act.Package.Fset.Position(d.Pos), act.Analyzer.Name, d.Message)
			for _, f := range d.SuggestedFixes {
				s += fmt.Sprintf(" [fix %s: %d edits]", f.Message, len(f.TextEdits))
			}
			out = append(out, s)
		}
		if act.Analyzer == apicalls.Analyzer {
			for _, f := range act.AllObjectFacts() {
				out = append(out, fmt.Sprintf("%s: fact %s.%s: %s", act.Package.PkgPath, f.Object.Pkg().Path(), f.Object.Name(), f.Fact))
			}
			for _, f := range act.AllPackageFacts() {
				out = append(out, fmt.Sprintf("%s: fact %s: %s", act.Package.PkgPath, f.Package.Path(), f.Fact))
			}
		}
	}
	slices.Sort(out)
	return out
}

// TestLoadRetryingBuilder: a package of the module that reaches no SDK
// but builds retrying HTTP clients (it imports go-retryablehttp) comes
// from source, so that its Func.Retrying facts reach the package that
// gives its client to go-openai: the findings are those with every
// package from source (the plain client's call only).
func TestLoadRetryingBuilder(t *testing.T) {
	t.Parallel()
	dir := testenv.Module(t, "testdata/mod")
	const use, httpx = "example.com/fixtures/across/usehttp", "example.com/fixtures/across/httpx"
	ld, err := load(&packages.Config{Dir: dir}, []string{use}, true)
	if err != nil {
		t.Fatal(err)
	}
	var source []string
	packages.Visit(ld.All, nil, func(p *packages.Package) {
		if p.Syntax != nil {
			source = append(source, p.PkgPath)
		}
	})
	if !slices.Contains(source, httpx) {
		t.Errorf("%s not loaded from source: %v", httpx, source)
	}
	got := findings(t, ld.Checked)
	want := findings(t, testenv.LoadFixtures(t, use))
	if !slices.Equal(got, want) {
		t.Errorf("findings and facts\n%s\nwant (everything from source)\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	n := 0
	for _, f := range got {
		if strings.Contains(f, "has no retry handling") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d unretried findings, want 1 (the plain client's):\n%s", n, strings.Join(got, "\n"))
	}
}
