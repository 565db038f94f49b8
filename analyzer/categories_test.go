package analyzer_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/internal/fixtest"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

// TestCategoryAnchors: every category a check declares is unique across
// the checks and has its anchor (a heading) in docs/checks.md, which
// drivers link to as Analyzer.URL#category.
func TestCategoryAnchors(t *testing.T) {
	md, err := os.ReadFile(filepath.Join(testenv.Root, "docs", "checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^#{2,3} (\S+)$`).FindAllSubmatch(md, -1) {
		anchors[string(m[1])] = true
	}
	seen := map[string]string{"all": "//oaiguard:ignore"}
	for _, d := range analyzer.Docs() {
		if other, ok := seen[d.Name]; ok {
			t.Errorf("check %s: name taken by %s", d.Name, other)
		}
		seen[d.Name] = "check " + d.Name
	}
	for _, d := range analyzer.Docs() {
		for _, c := range d.Categories {
			if other, ok := seen[c.Name]; ok {
				t.Errorf("%s: category %s: name taken by %s", d.Name, c.Name, other)
			}
			seen[c.Name] = d.Name + "'s category"
			if c.Title == "" || !regexp.MustCompile(`^[a-z]+$`).MatchString(c.Name) {
				t.Errorf("%s: category %q: want a lower-case word and a title", d.Name, c.Name)
			}
		}
		for _, c := range d.CategoryNames() {
			if !anchors[c] {
				t.Errorf("%s: category %s has no anchor in docs/checks.md (go test ./analyzer -update)", d.Name, c)
			}
		}
	}
}

// TestCategoriesDeclared runs every check on every fixture package: each
// diagnostic's category is one its check declares (so it has an anchor).
func TestCategoriesDeclared(t *testing.T) {
	u := fixtest.Load(t, "./...")
	declared := map[string][]string{}
	for _, d := range analyzer.Docs() {
		declared[d.Name] = d.CategoryNames()
	}
	used := map[string]bool{}
	for _, pkg := range u.Roots {
		findings, err := u.Analyze(analyzer.All(), pkg)
		if err != nil {
			t.Fatalf("%s: %v", pkg.PkgPath, err)
		}
		for _, f := range findings {
			used[f.Diag.Category] = true
			if !slices.Contains(declared[f.Analyzer], f.Diag.Category) {
				t.Errorf("%s: %s: category %q is not among %s's declared categories %v", f.Pos, f.Analyzer, f.Diag.Category, f.Analyzer, declared[f.Analyzer])
			}
		}
	}
	for check, cats := range declared {
		for _, c := range cats {
			if !used[c] {
				t.Errorf("%s: category %s is declared but no fixture has a finding of it", check, c)
			}
		}
	}
}
