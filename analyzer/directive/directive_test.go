package directive_test

import (
	"testing"

	"github.com/oaiguard/oaiguard/analyzer"
	"github.com/oaiguard/oaiguard/analyzer/directive"
	"github.com/oaiguard/oaiguard/internal/testenv"
)

func TestDirective(t *testing.T) {
	testenv.Analyze(t, "testdata/mod", directive.Analyzer, "example.com/fixtures/directive")
}

// TestNames: the directive knows every check, and nothing else.
func TestNames(t *testing.T) {
	var want []string
	for _, d := range analyzer.Docs() {
		want = append(want, d.Name)
	}
	want = append(want, "all")
	if len(want) != len(directive.Names) {
		t.Fatalf("Names = %v, want %v", directive.Names, want)
	}
	for i := range want {
		if want[i] != directive.Names[i] {
			t.Errorf("Names = %v, want %v", directive.Names, want)
		}
	}
}
