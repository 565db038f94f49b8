package directive

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/oaiguard/oaiguard/analyzer/badrequest"
	"github.com/oaiguard/oaiguard/analyzer/brokenretry"
	"github.com/oaiguard/oaiguard/analyzer/errtext"
	"github.com/oaiguard/oaiguard/analyzer/errtype"
	"github.com/oaiguard/oaiguard/analyzer/keyinsource"
	"github.com/oaiguard/oaiguard/analyzer/retired"
	"github.com/oaiguard/oaiguard/analyzer/streamclose"
	"github.com/oaiguard/oaiguard/analyzer/transport"
	"github.com/oaiguard/oaiguard/analyzer/unretried"
	"github.com/oaiguard/oaiguard/internal/lint"
)

// Doc documents the check.
var Doc = &lint.Doc{
	Name:    "directive",
	Title:   "//oaiguard:ignore directive that suppresses nothing",
	Default: true,
	Why: `A suppression comment that names no check, or a check that does not exist
(a misspelt name such as "unretired"), suppresses nothing, and says so
nowhere: the finding it was meant for stays, or, worse, the reader believes
it reviewed. The directive takes the names of checks, comma-separated, or
"all", or problems' categories (alone or as CHECK/CATEGORY), then the
reason.`,
	Bad:  `resp, err := client.CreateChatCompletion(ctx, req) //oaiguard:ignore unretired best effort`,
	Good: `resp, err := client.CreateChatCompletion(ctx, req) //oaiguard:ignore unretried best effort`,
}

// Names are the names of checks a directive may give: every check's, and
// "all".
var Names = []string{unretried.Doc.Name, brokenretry.Doc.Name, errtext.Doc.Name, errtype.Doc.Name, transport.Doc.Name, keyinsource.Doc.Name, streamclose.Doc.Name, retired.Doc.Name, badrequest.Doc.Name, Doc.Name, "all"}

// Categories are the problems' names a directive may give instead, to
// suppress one problem of a check: the categories of checks that tell
// problems apart (lint.Doc.Categories).
var Categories = func() []string {
	var names []string
	for _, d := range docs {
		for _, c := range d.Categories {
			names = append(names, c.Name)
		}
	}
	return names
}()

// Qualified are the categories spelled CHECK/CATEGORY, as SARIF rule IDs
// name them (brokenretry/stacked), which a directive may give too.
var Qualified = func() []string {
	var names []string
	for _, d := range docs {
		for _, c := range d.Categories {
			names = append(names, d.Name+"/"+c.Name)
		}
	}
	return names
}()

var docs = []*lint.Doc{unretried.Doc, brokenretry.Doc, errtext.Doc, errtype.Doc, transport.Doc, keyinsource.Doc, streamclose.Doc, retired.Doc, badrequest.Doc, Doc}

// Analyzer is the check.
var Analyzer = &analysis.Analyzer{
	Name: Doc.Name,
	Doc:  Doc.String(),
	URL:  Doc.URL(),
	Run:  run,
}

func run(pass *analysis.Pass) (any, error) {
	rep := lint.NewReporter(pass, Doc.Name)
	for _, file := range pass.Files {
		if !rep.Checked(file, false) {
			continue
		}
		for _, d := range lint.Directives(pass.Fset, file) {
			if len(d.Names) == 0 {
				rep.Report(file, analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: Doc.Name,
					Message: fmt.Sprintf("%s names no check, so it suppresses nothing; write %s CHECK reason, with CHECK one of %s, or a problem's category (docs/checks.md)", lint.Directive, lint.Directive, strings.Join(Names, ", "))})
				continue
			}
			for _, n := range d.Names {
				if slices.Contains(Names, n) || slices.Contains(Categories, n) || slices.Contains(Qualified, n) {
					continue
				}
				msg := fmt.Sprintf("%s names %q, which is no check, so it suppresses nothing", lint.Directive, n)
				if near := closest(n); near != "" {
					msg += fmt.Sprintf("; did you mean %s?", near)
				} else {
					msg += "; the checks are " + strings.Join(Names, ", ") + ", and the problems' categories are in docs/checks.md"
				}
				rep.Report(file, analysis.Diagnostic{Pos: d.Pos, End: d.End, Category: Doc.Name, Message: msg})
			}
		}
	}
	return nil, nil
}

// closest returns the name within two edits of n, if one is.
func closest(n string) string {
	best, dist := "", 3
	for _, name := range slices.Concat(Names, Categories, Qualified) {
		if d := distance(strings.ToLower(n), name); d < dist {
			best, dist = name, d
		}
	}
	return best
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
