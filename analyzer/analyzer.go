// Package analyzer lists oaiguard's checks. Each lives in its own package
// below, exporting Analyzer (what Bazel's nogo expects), New(Config) for
// drivers that configure without flags, and Doc.
package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/analyzer/directive"
	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/analyzer/keyinsource"
	"github.com/oaiguard/oaiguard/analyzer/retired"
	"github.com/oaiguard/oaiguard/analyzer/streamclose"
	"github.com/oaiguard/oaiguard/analyzer/transport"
	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/lint"
)

// All returns every check with its default configuration.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		unretried.Analyzer,
		brokenretry.Analyzer,
		errtext.Analyzer,
		errtype.Analyzer,
		transport.Analyzer,
		keyinsource.Analyzer,
		streamclose.Analyzer,
		retired.Analyzer,
		badrequest.Analyzer,
		directive.Analyzer,
	}
}

// Docs returns the documentation of every check, in the order of All.
func Docs() []*lint.Doc {
	return []*lint.Doc{
		unretried.Doc,
		brokenretry.Doc,
		errtext.Doc,
		errtype.Doc,
		transport.Doc,
		keyinsource.Doc,
		streamclose.Doc,
		retired.Doc,
		badrequest.Doc,
		directive.Doc,
	}
}
