// Package analyzer lists oaiguard's checks. Each lives in its own package
// below, exporting Analyzer (what Bazel's nogo expects) and New(Config).
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/analyzer/unretried"
)

// All returns every check with its default configuration.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		unretried.Analyzer,
		brokenretry.Analyzer,
	}
}
