package analyzer_test

import (
	"fmt"
	"go/token"

	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/apicalls"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

var acrossPkgs = []string{
	"example.com/fixtures/across/agent",
	"example.com/fixtures/across/aliasport/p",
	"example.com/fixtures/across/aliasport/port",
	"example.com/fixtures/across/ai",
	"example.com/fixtures/across/app",
	"example.com/fixtures/across/chosen/ai",
	"example.com/fixtures/across/chosen/logic",
	"example.com/fixtures/across/client",
	"example.com/fixtures/across/consumer/ai",
	"example.com/fixtures/across/consumer/osvc",
	"example.com/fixtures/across/consumer/svc",
	"example.com/fixtures/across/ctor/ai",
	"example.com/fixtures/across/ctor/logic",
	"example.com/fixtures/across/ctorelse/ai",
	"example.com/fixtures/across/ctorelse/app",
	"example.com/fixtures/across/ctorthree/ai",
	"example.com/fixtures/across/ctorthree/app",
	"example.com/fixtures/across/ctorhttp/llm",
	"example.com/fixtures/across/ctorhttp/svc",
	"example.com/fixtures/across/ctorwrite/ai",
	"example.com/fixtures/across/ctorwrite/logic",
	"example.com/fixtures/across/db",
	"example.com/fixtures/across/decor/app",
	"example.com/fixtures/across/decor/mw",
	"example.com/fixtures/across/fire",
	"example.com/fixtures/across/firer",
	"example.com/fixtures/across/errhop/discard",
	"example.com/fixtures/across/gen",
	"example.com/fixtures/across/generic/ai",
	"example.com/fixtures/across/generic/logic",
	"example.com/fixtures/across/gollm",
	"example.com/fixtures/across/httpfield/eval",
	"example.com/fixtures/across/httpfield/oai",
	"example.com/fixtures/across/httpx",
	"example.com/fixtures/across/ignored/lib",
	"example.com/fixtures/across/ignored/use",
	"example.com/fixtures/across/inpkg",
	"example.com/fixtures/across/inpkguse",
	"example.com/fixtures/across/layered",
	"example.com/fixtures/across/localimpl/ai",
	"example.com/fixtures/across/localimpl/logic",
	"example.com/fixtures/across/logic",
	"example.com/fixtures/across/mine",
	"example.com/fixtures/across/mvback/ai",
	"example.com/fixtures/across/mvback/use",
	"example.com/fixtures/across/offctor/ai",
	"example.com/fixtures/across/offctor/logic",
	"example.com/fixtures/across/ownretry/ai",
	"example.com/fixtures/across/ownretry/logic",
	"example.com/fixtures/across/pick",
	"example.com/fixtures/across/quiet",
	"example.com/fixtures/across/shape",
	"example.com/fixtures/across/st",
	"example.com/fixtures/across/stack",
	"example.com/fixtures/across/svc",
	"example.com/fixtures/across/swallow/lib",
	"example.com/fixtures/across/swallow/use",
	"example.com/fixtures/across/usehttp",
	"example.com/fixtures/across/values",
	"example.com/fixtures/across/wire",
}

// TestAcross runs every check over the multi-package fixture, as the
// standalone driver does (facts from the dependencies, bottom-up), and
// holds the diagnostics and the facts of apicalls to the fixture's want
// comments: `re` for a diagnostic, name:`re` for a fact of the object
// declared on that line.
func TestAcross(t *testing.T) {
	pkgs := testenv.Fixtures(t, "testdata/mod", append(acrossPkgs, acrossErrPkgs...)...)
	graph, err := checker.Analyze(append(analyzer.All(), apicalls.Analyzer), pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		pos  token.Position
		name string // "" for a diagnostic
		text string
	}
	var gots []got
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			t.Fatalf("%s: %v", act, act.Err)
		}
		fset := act.Package.Fset
		for _, d := range act.Diagnostics {
			gots = append(gots, got{fset.Position(d.Pos), "", d.Message})
		}
		if act.Analyzer != apicalls.Analyzer {
			continue
		}
		for _, of := range act.AllObjectFacts() {
			if of.Object.Pkg() == act.Package.Types {
				gots = append(gots, got{fset.Position(of.Object.Pos()), of.Object.Name(), fmt.Sprint(of.Fact)})
			}
		}
	}
	wants := wantComments(t, pkgs)
	for _, g := range gots {
		key := fmt.Sprintf("%s:%d", g.pos.Filename, g.pos.Line)
		matched := false
		for i, w := range wants[key] {
			if w.name == g.name && w.re.MatchString(g.text) {
				wants[key] = append(wants[key][:i], wants[key][i+1:]...)
				matched = true
				break
			}
		}
		if !matched {
			if g.name != "" {
				t.Errorf("%s: unexpected fact %s: %s", g.pos, g.name, g.text)
			} else {
				t.Errorf("%s: unexpected diagnostic: %s", g.pos, g.text)
			}
		}
	}
	for key, ws := range wants {
		for _, w := range ws {
			t.Errorf("%s: no %s matching %q", key, map[bool]string{true: "diagnostic", false: "fact " + w.name}[w.name == ""], w.re)
		}
	}
	// Packages that reach no SDK get no fact and no syntax walk.
	for act := range graph.All() {
		if act.Analyzer == apicalls.Analyzer && act.IsRoot {
			res := act.Result.(*apicalls.Result)
			var r apicalls.Reaches
			reaches := act.PackageFact(act.Package.Types, &r)
			quiet := slices.Contains([]string{"quiet", "mine", "db", "st", "gen", "httpx", "aliasport/port", "decor/mw"}, strings.TrimPrefix(act.Package.PkgPath, "example.com/fixtures/across/"))
			if quiet == reaches || quiet != (res.Inspector == nil) {
				t.Errorf("%s: reaches fact %v, inspector %v", act.Package.PkgPath, reaches, res.Inspector != nil)
			}
		}
	}
}

// TestAcrossAtCall: with -unretried.atcall, a call in an exported
// function is reported where it is written, and no caller is.
func TestAcrossAtCall(t *testing.T) {
	pkgs := testenv.Fixtures(t, "testdata/mod", acrossPkgs...)
	a := unretried.New(unretried.Config{AtCall: true})
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for act := range graph.All() {
		if act.IsRoot && act.Analyzer == a {
			for _, d := range act.Diagnostics {
				msgs = append(msgs, fmt.Sprintf("%s: %s", act.Package.Fset.Position(d.Pos), d.Message))
			}
		}
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"client.go:26:15: c.c.CreateChatCompletion has no retry handling", "client.go:39:15: c.c.CreateChatCompletion has no retry handling"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "logic.go") {
		t.Errorf("callers reported with -atcall:\n%s", all)
	}
	// ai.Ask's callers in its package all retry it: silent where it is,
	// as before other packages' callers were judged apart from them.
	if strings.Contains(all, "ownretry/ai/ai.go") {
		t.Errorf("a call its package's callers retry reported with -atcall:\n%s", all)
	}
}

// TestAcrossNogo: the nogo-like runner supplies facts, so that the logic
// package's findings about the client package are the same.
func TestAcrossNogo(t *testing.T) {
	pkgs := testenv.Fixtures(t, "testdata/mod", "example.com/fixtures/across/logic")
	diags := testenv.RunLikeNogo(t, pkgs[0], unretried.Analyzer)
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Message)
	}
	all := strings.Join(msgs, "\n")
	if len(diags) != 6 || !strings.Contains(all, "here or in example.com/fixtures/across/client.Client.Chat") || !strings.Contains(all, "ai.Chat has no retry handling") {
		t.Errorf("got %d diagnostics, want 6 at the callers of client (two in attempt.go: nth, picked):\n%s", len(diags), all)
	}
}

type want struct {
	name string
	re   *regexp.Regexp
}

var wantRE = regexp.MustCompile("(?:(\\w+):)?(`[^`]*`|\"(?:[^\"\\\\]|\\\\.)*\")")

// wantComments parses the want comments of pkgs by file:line.
func wantComments(t *testing.T, pkgs []*packages.Package) map[string][]want {
	out := map[string][]want{}
	for _, p := range pkgs {
		for _, f := range p.Syntax {
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					text, ok := strings.CutPrefix(c.Text, "// want ")
					if !ok {
						continue
					}
					pos := p.Fset.Position(c.Pos())
					key := fmt.Sprintf("%s:%d", pos.Filename, pos.Line)
					for _, m := range wantRE.FindAllStringSubmatch(text, -1) {
						lit := m[2]
						if lit[0] == '`' {
							lit = lit[1 : len(lit)-1]
						} else if s, err := strconv.Unquote(lit); err == nil {
							lit = s
						}
						re, err := regexp.Compile(lit)
						if err != nil {
							t.Fatalf("%s: %v", key, err)
						}
						out[key] = append(out[key], want{m[1], re})
					}
				}
			}
		}
	}
	return out
}

// TestAcrossDeterministic: an interface implemented on both SDKs in
// another package; the messages about its errors and calls name the same
// implementation in every run (the facts of the implementations come in
// no set order, and the first error source merged used to win).
func TestAcrossDeterministic(t *testing.T) {
	var first []string
	for run := range 8 {
		pkgs := testenv.Fixtures(t, "testdata/mod", "example.com/fixtures/across/twosdk/impl", "example.com/fixtures/across/twosdk/use")
		graph, err := checker.Analyze(analyzer.All(), pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for act := range graph.All() {
			if act.IsRoot && act.Package.PkgPath == "example.com/fixtures/across/twosdk/use" {
				for _, d := range act.Diagnostics {
					msgs = append(msgs, act.Analyzer.Name+": "+d.Message)
				}
			}
		}
		slices.Sort(msgs)
		if len(msgs) == 0 {
			t.Fatal("no finding in twosdk/use")
		}
		if run == 0 {
			first = msgs
			continue
		}
		if !slices.Equal(msgs, first) {
			t.Fatalf("run %d differs:\n%s\nrun 0:\n%s", run, strings.Join(msgs, "\n"), strings.Join(first, "\n"))
		}
	}
	t.Logf("%d findings, the same in 8 runs: %s", len(first), strings.Join(first, " | "))
}

// TestAcrossTestVariant: go vet analyses a package's test variant, whose
// test files may call an unexported helper that makes an API call. A test
// is no caller whose retries matter: the helper's call is left to the
// exported function's callers there as in the package itself, not
// reported a second time at the helper.
func TestAcrossTestVariant(t *testing.T) {
	pkgs := testenv.FixturesWithTests(t, "testdata/mod", "example.com/fixtures/across/client")
	var variant *packages.Package
	for _, p := range pkgs {
		if strings.HasSuffix(p.ID, ".test]") && p.PkgPath == "example.com/fixtures/across/client" {
			variant = p
		}
	}
	if variant == nil {
		t.Fatal("no test variant loaded")
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{unretried.Analyzer}, []*packages.Package{variant}, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		for _, d := range act.Diagnostics {
			n++
			if strings.Contains(d.Message, "c.c.CreateChatCompletion has no retry handling") {
				t.Errorf("%s: %s", variant.Fset.Position(d.Pos), d.Message)
			}
		}
	}
	if n == 0 {
		t.Error("no diagnostics at all in the test variant: the check did not run")
	}
}
