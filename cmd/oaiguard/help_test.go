package main

import (
	"strings"
	"testing"

	"github.com/oaiguard/oaiguard/analyzer"
)

// TestOverview: `oaiguard help` names the ways to run the tool and every
// check with its default, in aligned columns, and not the multichecker's
// generic text.
func TestOverview(t *testing.T) {
	var b strings.Builder
	if err := printOverview(&b, analyzer.Docs()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"go vet -vettool=$(which oaiguard) ./...", "oaiguard help CHECK", "docs/checks.md"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Printf") {
		t.Errorf("help speaks of Printf:\n%s", out)
	}
	col := -1
	for _, d := range analyzer.Docs() {
		var line string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), d.Name+" ") {
				line = l
			}
		}
		if line == "" || !strings.Contains(line, d.Title) {
			t.Errorf("help has no line for %s with its title:\n%s", d.Name, out)
			continue
		}
		if c := strings.Index(line, d.Title); col >= 0 && c != col {
			t.Errorf("%s's title at column %d, others at %d:\n%s", d.Name, c, col, out)
		} else {
			col = c
		}
	}
}
