package analyzer_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite docs/checks.md")

// TestChecksDoc keeps docs/checks.md equal to the checks' own docs.
func TestChecksDoc(t *testing.T) {
	var b strings.Builder
	b.WriteString("# oaiguard checks\n\n<!-- Generated from each check's Doc by `go test ./analyzer -update`; do not edit. -->\n\n| check | what it reports | default |\n|---|---|---|\n")
	for _, d := range analyzer.Docs() {
		on := "on"
		if !d.Default {
			on = "off"
		}
		b.WriteString("| [" + d.Name + "](#" + d.Name + ") | " + d.Title + " | " + on + " |\n")
	}
	for _, d := range analyzer.Docs() {
		b.WriteString("\n" + d.Markdown())
	}
	path := filepath.Join(testenv.Root, "docs", "checks.md")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != b.String() {
		t.Errorf("docs/checks.md is stale: run go test ./analyzer -update")
	}
}

// TestAnalyzers checks what every driver relies on: valid analyzers, docs
// whose names match, and flags that golangci-lint settings can mirror.
func TestAnalyzers(t *testing.T) {
	all := analyzer.All()
	if err := analysis.Validate(all); err != nil {
		t.Fatal(err)
	}
	docs := analyzer.Docs()
	if len(docs) != len(all) {
		t.Fatalf("%d docs for %d analyzers", len(docs), len(all))
	}
	for i, a := range all {
		d := docs[i]
		if a.Name != d.Name || a.URL != d.URL() || !strings.HasPrefix(a.Doc, d.Title+"\n\n") {
			t.Errorf("%s: analyzer and doc disagree", a.Name)
		}
		if d.Bad == "" || d.Good == "" || d.Why == "" {
			t.Errorf("%s: doc lacks an example or a reason", a.Name)
		}
		a.Flags.VisitAll(func(f *flag.Flag) {
			if _, ok := d.Options[f.Name]; !ok {
				t.Errorf("%s: flag -%s is not documented", a.Name, f.Name)
			}
			// flag's help takes a backquoted word as the value's name:
			// "-unretried.runtime path". Backquotes around anything else
			// print as nonsense ("-errtext.runtime oaiguard gen").
			if name, _ := flag.UnquoteUsage(f); strings.ContainsAny(name, " \t") {
				t.Errorf("%s: flag -%s shows its value as %q", a.Name, f.Name, name)
			}
		})
	}
}
